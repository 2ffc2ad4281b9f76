#include "scratchnet/data/idx.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstring>
#include <memory>
#include <new>
#include <system_error>
#include <utility>

#include "scratchnet/tensor/error.hpp"

namespace scratchnet {

namespace {

// Bytes decompressed per gzread: large enough to be fast, small next to any real dataset.
constexpr size_t kChunkBytes = size_t{1} << 20;
// deflate cannot expand data more than about 1032 times, so a gzip file of n bytes holds
// at most this many times n: a header that promises more is cut short or lying.
constexpr std::uint64_t kMostInflation = 1033;
// How many bytes after the data a message counts before it says "at least".
constexpr std::uint64_t kCountedTrailingBytes = std::uint64_t{64} << 20;

const char* const kIdxStart = "an IDX file, which starts with the bytes 00 00 08 <ndims>";

std::string hex_bytes(const unsigned char* bytes, size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (i > 0) out += ' ';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0xF];
  }
  return out;
}

// IDX's element types, by their type byte.
std::string type_name(unsigned char type) {
  switch (type) {
    case 0x08:
      return "unsigned byte";
    case 0x09:
      return "signed byte";
    case 0x0B:
      return "16-bit integer";
    case 0x0C:
      return "32-bit integer";
    case 0x0D:
      return "float";
    case 0x0E:
      return "double";
    default:
      return "not an IDX type";
  }
}

// "60000×28×28".
std::string sizes_text(const std::vector<std::uint32_t>& dims) {
  std::string out;
  for (size_t i = 0; i < dims.size(); ++i)
    out += (i > 0 ? "×" : "") + std::to_string(dims[i]);
  return out;
}

// "1 dimension" / "3 dimensions".
std::string dimensions_text(size_t n) {
  return std::to_string(n) + (n == 1 ? " dimension" : " dimensions");
}

struct GzClose {
  void operator()(gzFile file) const { gzclose(file); }
};

// An open IDX file whose header has been read and checked; its data is read in chunks.
class IdxReader {
 public:
  explicit IdxReader(const std::filesystem::path& path) : name_(path.string()) {
    std::error_code ec;
    const auto status = std::filesystem::status(path, ec);
    if (!std::filesystem::exists(status))
      throw DataError(name_ + ": no such file, expected " + kIdxStart);
    if (std::filesystem::is_directory(status))
      throw DataError(name_ + ": is a directory, expected " + kIdxStart);
    errno = 0;
    file_.reset(gzopen(path.c_str(), "rb"));
    if (!file_)
      throw DataError(name_ + ": cannot open the file (" +
                      (errno != 0 ? std::strerror(errno) : "out of memory") + ")");
    // Set before the first read; fewer system calls than zlib's 8 KiB default.
    gzbuffer(file_.get(), 1 << 17);
    read_header();
    check_plausible(path, status);
  }
  IdxReader(const IdxReader&) = delete;
  IdxReader& operator=(const IdxReader&) = delete;

  const std::string& name() const { return name_; }
  const std::vector<std::uint32_t>& dims() const { return dims_; }
  std::uint64_t data_bytes() const { return data_bytes_; }

  // Hands the data to consume(const std::uint8_t* bytes, size_t n) chunk by chunk, in file
  // order; then checks that the file ends there.
  template <class Consume>
  void read_data(Consume&& consume) {
    std::vector<std::uint8_t> chunk(static_cast<size_t>(
        std::min<std::uint64_t>(std::max<std::uint64_t>(data_bytes_, 1), kChunkBytes)));
    std::uint64_t done = 0;
    while (done < data_bytes_) {
      const size_t wanted =
          static_cast<size_t>(std::min<std::uint64_t>(chunk.size(), data_bytes_ - done));
      const size_t got = read_some(chunk.data(), wanted);
      consume(static_cast<const std::uint8_t*>(chunk.data()), got);
      done += got;
      if (got < wanted) throw truncated(done);
    }
    std::uint8_t probe;
    if (read_some(&probe, 1) == 0) return;
    chunk.resize(kChunkBytes);  // the chunk may be tiny, the tail is not
    std::uint64_t trailing = 1;
    for (size_t got;
         trailing < kCountedTrailingBytes && (got = read_some(chunk.data(), chunk.size())) > 0;)
      trailing += got;
    throw DataError(name_ + ": " + (trailing >= kCountedTrailingBytes ? "at least " : "") +
                    std::to_string(trailing) + " bytes after the data (the header's sizes " +
                    sizes_text(dims_) + " make " + std::to_string(data_bytes_) +
                    " bytes), expected the file to end there");
  }

 private:
  // Reads up to n bytes; fewer only at the end of the file. Throws DataError when the gzip
  // stream is corrupt or cut short (zlib reports the latter only as an error state).
  size_t read_some(std::uint8_t* out, size_t n) {
    size_t got = 0;
    while (got < n) {
      const auto wanted = static_cast<unsigned>(std::min<size_t>(n - got, INT_MAX));
      const int read = gzread(file_.get(), out + got, wanted);
      if (read > 0) {
        got += static_cast<size_t>(read);
        position_ += static_cast<std::uint64_t>(read);
        continue;
      }
      int error = Z_OK;
      std::string why = gzerror(file_.get(), &error);
      if (read < 0 || error != Z_OK) {
        // zlib puts the path in front of its message; ours is there already.
        if (why.starts_with(name_ + ": ")) why.erase(0, name_.size() + 2);
        if (error == Z_ERRNO) throw DataError(name_ + ": cannot read the file (" + why + ")");
        throw DataError(name_ + ": corrupt gzip stream after " + std::to_string(position_) +
                        " bytes (zlib: " + why + "), expected a whole gzip file or a raw IDX file");
      }
      break;  // the end of the file
    }
    return got;
  }

  void read_header() {
    std::array<std::uint8_t, 4> magic{};
    const size_t got = read_some(magic.data(), magic.size());
    if (got == 0) throw DataError(name_ + ": the file is empty, expected " + kIdxStart);
    if (got < magic.size())
      throw DataError(name_ + ": only " + std::to_string(got) + " bytes (" +
                      hex_bytes(magic.data(), got) + "), expected " + kIdxStart);
    if (magic[0] != 0 || magic[1] != 0)
      throw DataError(name_ + ": starts with the bytes " + hex_bytes(magic.data(), 4) +
                      ", expected " + kIdxStart);
    if (magic[2] != 0x08) {
      const std::string type = hex_bytes(&magic[2], 1);
      throw DataError(name_ + ": element type 0x" + type + " (" + type_name(magic[2]) +
                      "), expected 0x08 (unsigned byte), the only type read here and the one " +
                      "MNIST and Fashion-MNIST use");
    }
    const unsigned n_dims = magic[3];
    if (n_dims == 0 || n_dims > 4)
      throw DataError(name_ + ": " + dimensions_text(n_dims) +
                      " (byte 4 of the header), expected 1 to 4");

    std::array<std::uint8_t, 16> sizes{};
    const size_t wanted = 4 * n_dims;
    if (const size_t found = read_some(sizes.data(), wanted); found < wanted)
      throw DataError(name_ + ": the file ends inside the header: " + dimensions_text(n_dims) +
                      " need " + std::to_string(wanted) +
                      " bytes of sizes after the magic, found " + std::to_string(found));
    for (unsigned d = 0; d < n_dims; ++d) {
      const std::uint8_t* b = &sizes[4 * d];
      dims_.push_back(std::uint32_t{b[0]} << 24 | std::uint32_t{b[1]} << 16 |
                      std::uint32_t{b[2]} << 8 | std::uint32_t{b[3]});
    }
    header_bytes_ = 4 + wanted;

    // The product of the sizes, checked against the cap as it grows so it cannot overflow:
    // below 2^31 times a size below 2^32 fits in 64 bits.
    data_bytes_ = 1;
    for (size_t d = 0; d < dims_.size(); ++d) {
      if (dims_[d] == 0)
        throw DataError(name_ + ": dimension " + std::to_string(d + 1) + " of the sizes " +
                        sizes_text(dims_) + " is 0, expected sizes of at least 1");
      data_bytes_ *= dims_[d];
      if (data_bytes_ > kIdxMaxBytes)
        throw DataError(name_ + ": the header's sizes " + sizes_text(dims_) + " make more than " +
                        std::to_string(kIdxMaxBytes) + " bytes of data (2 GiB, the most read " +
                        "here); expected a smaller array (is the header corrupt?)");
    }
  }

  // Refuses, before anything is allocated for it, a header that promises more data than the
  // file can hold: a raw file holds its size, a gzip file at most kMostInflation times it.
  void check_plausible(const std::filesystem::path& path,
                       const std::filesystem::file_status& status) {
    if (!std::filesystem::is_regular_file(status)) return;  // a pipe: no size to go by
    std::error_code ec;
    const std::uint64_t size = std::filesystem::file_size(path, ec);
    if (ec) return;
    const std::uint64_t can_hold = gzdirect(file_.get()) ? size - std::min(size, header_bytes_)
                                   : size > kIdxMaxBytes ? kIdxMaxBytes
                                                         : size * kMostInflation;
    if (data_bytes_ <= can_hold) return;
    // Count what there is, without keeping it, for an exact message.
    std::vector<std::uint8_t> chunk(kChunkBytes);
    std::uint64_t found = 0;
    for (size_t got; (got = read_some(chunk.data(), chunk.size())) > 0;)
      found += got;
    throw truncated(found);
  }

  DataError truncated(std::uint64_t found) const {
    return DataError(name_ + ": truncated: the header's sizes " + sizes_text(dims_) + " make " +
                     std::to_string(data_bytes_) + " bytes of data, found " +
                     std::to_string(found) + "; expected the whole array");
  }

  std::string name_;
  std::unique_ptr<gzFile_s, GzClose> file_;  // closed however the constructor ends
  std::vector<std::uint32_t> dims_;
  std::uint64_t header_bytes_ = 0;
  std::uint64_t data_bytes_ = 0;
  std::uint64_t position_ = 0;  // bytes decompressed so far
};

// What a folder of MNIST-format files is expected to hold, and where Fashion-MNIST's come from.
constexpr const char* kFolderFiles =
    "expected an MNIST-format folder: train-images-idx3-ubyte, train-labels-idx1-ubyte, "
    "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each raw or gzipped (.gz)";
constexpr const char* kFashionPackage =
    "expected Fashion-MNIST's files; install the Debian package dataset-fashion-mnist "
    "(apt-get install dataset-fashion-mnist)";

// The file `stem` in `dir`, gzipped or not. Throws DataError, with `expected`, when neither is.
std::filesystem::path idx_folder_file(const std::filesystem::path& dir, const std::string& stem,
                                      const std::string& expected) {
  std::error_code ec;
  const auto gz = dir / (stem + ".gz");
  if (std::filesystem::exists(gz, ec)) return gz;
  if (std::filesystem::exists(dir / stem, ec)) return dir / stem;
  throw DataError(gz.string() + ": missing (and so is " + stem + " without .gz), " + expected);
}

// The four files of an MNIST-format folder as two datasets, "<name> (train)" and
// "<name> (test)", both with the class names "0".."K-1" of the larger part.
template <class T>
TrainTestSplit<T> read_idx_folder(const std::filesystem::path& dir, const std::string& name,
                                  const std::string& expected) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    throw DataError(dir.string() + ": " +
                    (std::filesystem::exists(dir, ec) ? "not a folder" : "no such folder") + ", " +
                    expected);
  // Every file is found before any is read, so a missing one is reported at once.
  const auto train_images = idx_folder_file(dir, "train-images-idx3-ubyte", expected);
  const auto train_labels = idx_folder_file(dir, "train-labels-idx1-ubyte", expected);
  const auto test_images = idx_folder_file(dir, "t10k-images-idx3-ubyte", expected);
  const auto test_labels = idx_folder_file(dir, "t10k-labels-idx1-ubyte", expected);
  TrainTestSplit<T> split;
  split.train = read_idx_dataset<T>(train_images, train_labels, name + " (train)");
  split.test = read_idx_dataset<T>(test_images, test_labels, name + " (test)");
  if (split.test.X.rows() != split.train.X.rows())
    throw DataError(test_images.string() + ": images of " + std::to_string(split.test.X.rows()) +
                    " pixels, but " + train_images.string() + " has images of " +
                    std::to_string(split.train.X.rows()) + "; expected the same size");
  if (split.test.class_names.size() > split.train.class_names.size())
    split.train.class_names = split.test.class_names;
  else
    split.test.class_names = split.train.class_names;
  return split;
}

// Labels are class indices of Fashion-MNIST: 0..9.
template <class T>
void check_fashion_labels(const Dataset<T>& data, const std::filesystem::path& labels) {
  const auto classes = static_cast<T>(fashion_mnist_class_names().size());
  for (Index j = 0; j < data.Y.cols(); ++j)
    if (data.Y(0, j) >= classes)
      throw DataError(labels.string() + ": label " +
                      std::to_string(static_cast<int>(data.Y(0, j))) + " for image " +
                      std::to_string(j + 1) + ", expected 0 to 9, Fashion-MNIST's ten classes");
}

}  // namespace

IdxArray read_idx(const std::filesystem::path& path) {
  IdxReader in(path);
  IdxArray array;
  array.dims = in.dims();
  array.bytes.resize(static_cast<size_t>(in.data_bytes()));
  std::uint8_t* out = array.bytes.data();
  in.read_data([&](const std::uint8_t* bytes, size_t n) {
    std::memcpy(out, bytes, n);
    out += n;
  });
  return array;
}

template <class T>
Dataset<T> read_idx_dataset(const std::filesystem::path& images,
                            const std::filesystem::path& labels, std::string name) {
  IdxReader images_in(images);
  IdxReader labels_in(labels);
  const auto& image_dims = images_in.dims();
  if (image_dims.size() != 3)
    throw DataError(images_in.name() + ": " + dimensions_text(image_dims.size()) + " (" +
                    sizes_text(image_dims) + "), expected 3 for images (count × rows × columns)");
  if (labels_in.dims().size() != 1)
    throw DataError(labels_in.name() + ": " + dimensions_text(labels_in.dims().size()) + " (" +
                    sizes_text(labels_in.dims()) + "), expected 1 for labels (one per image)");
  const std::uint32_t n = image_dims[0];
  if (labels_in.dims()[0] != n)
    throw DataError(images_in.name() + ": " + std::to_string(n) + " images, but " +
                    labels_in.name() + " has " + std::to_string(labels_in.dims()[0]) +
                    " labels; expected one label per image");

  // The labels first: small, and a bad label file fails before the images are allocated.
  Dataset<T> data;
  data.name = std::move(name);
  data.Y.resize(1, n);
  T* label = data.Y.data();
  std::uint8_t largest = 0;
  labels_in.read_data([&](const std::uint8_t* bytes, size_t count) {
    for (size_t i = 0; i < count; ++i) {
      largest = std::max(largest, bytes[i]);
      *label++ = static_cast<T>(bytes[i]);
    }
  });

  // Image j is contiguous in the file and becomes column j, contiguous in the column-major
  // X: the file's order is X's memory order, so each chunk is converted where it lands.
  const Index pixels = Index{image_dims[1]} * Index{image_dims[2]};
  try {
    data.X.resize(pixels, n);
  } catch (const std::bad_alloc&) {
    throw DataError(images_in.name() + ": " + std::to_string(n) + " images of " +
                    std::to_string(pixels) + " pixels need " +
                    std::to_string(static_cast<std::uint64_t>(pixels) * n * sizeof(T)) +
                    " bytes as " + cxx_type_name<T>() + ", more memory than is available");
  }
  std::array<T, 256> scaled;  // byte / 255, rounded once in T as NumPy's x.astype(T) / 255
  for (size_t b = 0; b < scaled.size(); ++b)
    scaled[b] = static_cast<T>(b) / T(255);
  T* pixel = data.X.data();
  images_in.read_data([&](const std::uint8_t* bytes, size_t count) {
    for (size_t i = 0; i < count; ++i)
      pixel[i] = scaled[bytes[i]];
    pixel += count;
  });

  data.feature_names.reserve(static_cast<size_t>(pixels));
  for (Index p = 0; p < pixels; ++p)
    data.feature_names.push_back("pixel" + std::to_string(p));
  for (unsigned k = 0; k <= largest; ++k)
    data.class_names.push_back(std::to_string(k));
  data.images = true;
  return data;
}

std::filesystem::path default_fashion_mnist_dir() {
  return "/usr/share/datasets/fashion-mnist";
}

std::vector<std::string> fashion_mnist_class_names() {
  return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
          "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
}

template <class T>
TrainTestSplit<T> load_idx_folder(const std::filesystem::path& dir, const std::string& name) {
  return read_idx_folder<T>(dir, name, kFolderFiles);
}

template <class T>
TrainTestSplit<T> load_fashion_mnist(const std::filesystem::path& dir) {
  TrainTestSplit<T> split = read_idx_folder<T>(dir, "fashion-mnist", kFashionPackage);
  check_fashion_labels(split.train, idx_folder_file(dir, "train-labels-idx1-ubyte", ""));
  check_fashion_labels(split.test, idx_folder_file(dir, "t10k-labels-idx1-ubyte", ""));
  split.train.class_names = fashion_mnist_class_names();
  split.test.class_names = fashion_mnist_class_names();
  return split;
}

template Dataset<float> read_idx_dataset(const std::filesystem::path&, const std::filesystem::path&,
                                         std::string);
template Dataset<double> read_idx_dataset(const std::filesystem::path&,
                                          const std::filesystem::path&, std::string);
template TrainTestSplit<float> load_idx_folder(const std::filesystem::path&, const std::string&);
template TrainTestSplit<double> load_idx_folder(const std::filesystem::path&, const std::string&);
template TrainTestSplit<float> load_fashion_mnist(const std::filesystem::path&);
template TrainTestSplit<double> load_fashion_mnist(const std::filesystem::path&);

}  // namespace scratchnet
