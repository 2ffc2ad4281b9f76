// libFuzzer harness for the IDX reader: read_idx on the input as a raw file and gzipped
// (both must give the same answer), and read_idx_dataset with the input as the images or
// as the labels next to a valid partner file. The reader opens files through zlib's gz*
// functions, so the input is written to a file, in /dev/shm when there is one (fast).
// scratchnet::Error is the expected way to refuse; anything else is a bug: another
// exception escapes and aborts, ASan and UBSan abort, a failed FUZZ_CHECK aborts.
#include <unistd.h>
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "fuzz.hpp"
#include "scratchnet/data/idx.hpp"
#include "scratchnet/tensor/error.hpp"

namespace {

using namespace scratchnet;
namespace fs = std::filesystem;

using Bytes = std::vector<std::uint8_t>;

// Where this process writes its inputs; the files are removed at exit.
fs::path scratch_path(const std::string& what) {
  std::error_code ec;
  fs::path dir =
      fs::is_directory("/dev/shm", ec) ? fs::path("/dev/shm") : fs::temp_directory_path();
  return dir / ("scratchnet-fuzz-idx-" + std::to_string(getpid()) + "-" + what);
}
const fs::path kInput = scratch_path("input");
const fs::path kGzipped = scratch_path("input.gz");
const fs::path kPartner = scratch_path("partner");

void remove_files() {
  std::error_code ec;
  for (const fs::path& path : {kInput, kGzipped, kPartner})
    fs::remove(path, ec);
}

void write(const fs::path& path, const std::uint8_t* data, size_t size) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  FUZZ_CHECK(file != nullptr);
  FUZZ_CHECK(std::fwrite(data, 1, size, file) == size);
  FUZZ_CHECK(std::fclose(file) == 0);
}

// A gzip file holding `data`; small zlib settings, as the input is small.
Bytes gzip(const std::uint8_t* data, size_t size) {
  z_stream stream{};
  FUZZ_CHECK(deflateInit2(&stream, 1, Z_DEFLATED, 16 + 9, 1, Z_DEFAULT_STRATEGY) == Z_OK);
  Bytes out(deflateBound(&stream, size) + 32);
  stream.next_in = const_cast<std::uint8_t*>(data);
  stream.avail_in = static_cast<uInt>(size);
  stream.next_out = out.data();
  stream.avail_out = static_cast<uInt>(out.size());
  FUZZ_CHECK(deflate(&stream, Z_FINISH) == Z_STREAM_END);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

// An IDX header of unsigned bytes with these sizes, then `count` data bytes taken in turn
// from `fill` (zeros if it is empty).
Bytes idx_file(const std::vector<std::uint32_t>& dims, size_t count, const Bytes& fill) {
  Bytes out = {0, 0, 0x08, static_cast<std::uint8_t>(dims.size())};
  for (const std::uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8)
      out.push_back(static_cast<std::uint8_t>(d >> shift));
  for (size_t i = 0; i < count; ++i)
    out.push_back(fill.empty() ? 0 : fill[i % fill.size()]);
  return out;
}

std::optional<IdxArray> read(const fs::path& path) {
  try {
    IdxArray array = read_idx(path);
    FUZZ_CHECK(!array.dims.empty() && array.dims.size() <= 4);
    std::uint64_t product = 1;
    for (const std::uint32_t d : array.dims) {
      FUZZ_CHECK(d > 0);
      product *= d;
    }
    FUZZ_CHECK(product == array.bytes.size());
    return array;
  } catch (const Error&) {
    return std::nullopt;
  }
}

template <class T>
void dataset(const fs::path& images, const fs::path& labels, std::uint32_t n) {
  try {
    const Dataset<T> data = read_idx_dataset<T>(images, labels, "fuzz");
    FUZZ_CHECK(data.X.cols() == n && data.Y.rows() == 1 && data.Y.cols() == n);
    FUZZ_CHECK(static_cast<size_t>(data.X.rows()) == data.feature_names.size());
    FUZZ_CHECK((data.X.array() >= T(0)).all() && (data.X.array() <= T(1)).all());
    FUZZ_CHECK(!data.class_names.empty() && data.class_names.size() <= 256);
  } catch (const Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::atexit(remove_files);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, size_t size) {
  write(kInput, data, size);
  const std::optional<IdxArray> raw = read(kInput);

  // gzip must not change the answer. (An input that is itself gzip would be unpacked once
  // as it is, but not from inside a second layer.)
  if (!(size >= 2 && data[0] == 0x1f && data[1] == 0x8b)) {
    const Bytes gzipped = gzip(data, size);
    write(kGzipped, gzipped.data(), gzipped.size());
    const std::optional<IdxArray> unpacked = read(kGzipped);
    FUZZ_CHECK(raw.has_value() == unpacked.has_value());
    if (raw) FUZZ_CHECK(raw->dims == unpacked->dims && raw->bytes == unpacked->bytes);
  }

  // The input as the images, with as many valid labels; as the labels, with as many valid
  // one-pixel images. Kept small: the sizes come from the input.
  if (raw && raw->dims.size() == 3 && raw->dims[0] <= 4096) {
    const Bytes labels = idx_file({raw->dims[0]}, raw->dims[0], raw->bytes);
    write(kPartner, labels.data(), labels.size());
    dataset<float>(kInput, kPartner, raw->dims[0]);
  }
  if (raw && raw->dims.size() == 1) {
    const Bytes images = idx_file({raw->dims[0], 1, 1}, raw->dims[0], {});
    write(kPartner, images.data(), images.size());
    dataset<double>(kPartner, kInput, raw->dims[0]);
  }
  return 0;
}
