// IDX files (MNIST's format) and Fashion-MNIST: what they read, one message for every way a
// file can be wrong; holding out a validation part; NumPy's permutation.
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <set>

#include "scratchnet/data/idx.hpp"
#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

using Bytes = std::vector<std::uint8_t>;

// An IDX file's bytes: the magic 00 00 <type> <ndims>, the big-endian sizes, then `data`.
std::string idx_file(const std::vector<std::uint32_t>& dims, const Bytes& data,
                     std::uint8_t type = 0x08) {
  std::string out = {'\0', '\0', static_cast<char>(type), static_cast<char>(dims.size())};
  for (std::uint32_t d : dims)
    for (int shift = 24; shift >= 0; shift -= 8)
      out += static_cast<char>((d >> shift) & 0xFF);
  out.append(data.begin(), data.end());
  return out;
}

Bytes iota_bytes(size_t n, unsigned step = 1) {
  Bytes out(n);
  for (size_t i = 0; i < n; ++i)
    out[i] = static_cast<std::uint8_t>(i * step);
  return out;
}

class Idx : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = temp_folder("idx"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Writes `bytes` exactly as given.
  std::filesystem::path write_raw(const std::string& file, const std::string& bytes) {
    const auto path = dir_ / file;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  // Writes `bytes` gzip-compressed, as zlib's gzip writer does.
  std::filesystem::path write_gz(const std::string& file, const std::string& bytes) {
    const auto path = dir_ / file;
    gzFile out = gzopen(path.c_str(), "wb");
    EXPECT_NE(out, nullptr);
    if (!bytes.empty()) {
      EXPECT_EQ(gzwrite(out, bytes.data(), static_cast<unsigned>(bytes.size())),
                static_cast<int>(bytes.size()));
    }
    EXPECT_EQ(gzclose(out), Z_OK);
    return path;
  }

  std::filesystem::path dir_;
};

// The message of the DataError that `read` raises; it must be one line that starts with
// `path`. A failure if there is none.
template <class Read>
std::string error_of(Read&& read, const std::filesystem::path& path) {
  try {
    read();
  } catch (const DataError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
    EXPECT_TRUE(message.starts_with(path.string() + ": ")) << "starts with the path: " << message;
    return message;
  }
  ADD_FAILURE() << "no DataError for " << path;
  return "";
}

std::string idx_error(const std::filesystem::path& path) {
  return error_of([&] { read_idx(path); }, path);
}

#define EXPECT_HAS(message, part) \
  EXPECT_NE((message).find(part), std::string::npos) << "'" << (part) << "' in: " << (message)

// ---- What it reads ----

TEST_F(Idx, ReadsARawArray) {
  const IdxArray array = read_idx(write_raw("a.idx", idx_file({2, 3}, {1, 2, 3, 4, 5, 255})));
  EXPECT_EQ(array.dims, (std::vector<std::uint32_t>{2, 3}));
  EXPECT_EQ(array.bytes, (Bytes{1, 2, 3, 4, 5, 255}));
}

TEST_F(Idx, ReadsAGzippedArrayAsTheRawOne) {
  const std::string bytes = idx_file({4, 3, 2, 5}, iota_bytes(120, 7));
  const IdxArray raw = read_idx(write_raw("a.idx", bytes));
  const IdxArray gz = read_idx(write_gz("a.idx.gz", bytes));
  EXPECT_EQ(gz.dims, (std::vector<std::uint32_t>{4, 3, 2, 5}));
  EXPECT_EQ(gz.bytes, iota_bytes(120, 7));
  EXPECT_EQ(gz.bytes, raw.bytes);
}

TEST_F(Idx, SizesAreBigEndian) {
  // 258 = 0x00000102: a little-endian reader would see 0x02010000.
  const IdxArray array = read_idx(write_raw("a.idx", idx_file({258}, iota_bytes(258))));
  EXPECT_EQ(array.dims, (std::vector<std::uint32_t>{258}));
  EXPECT_EQ(array.bytes.size(), 258u);
}

TEST_F(Idx, DatasetShapesScalingLabelsAndNames) {
  // Three 2×2 images, image j's pixels 10j + (0, 1, 2, 3) row by row.
  const auto images =
      write_raw("images.idx", idx_file({3, 2, 2}, {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 255}));
  const auto labels = write_raw("labels.idx", idx_file({3}, {2, 0, 1}));
  const Dataset<double> data = read_idx_dataset<double>(images, labels, "tiny");
  EXPECT_EQ(data.name, "tiny");
  ASSERT_EQ(shape_of(data.X), (Shape{4, 3}));
  ASSERT_EQ(shape_of(data.Y), (Shape{1, 3}));
  EXPECT_EQ(data.X(0, 0), 0.0);
  EXPECT_EQ(data.X(1, 0), 1.0 / 255);
  EXPECT_EQ(data.X(3, 1), 13.0 / 255);  // image 1, row 1, column 1
  EXPECT_EQ(data.X(2, 2), 22.0 / 255);
  EXPECT_EQ(data.X(3, 2), 1.0);
  EXPECT_EQ(data.Y, (Matrix<double>(1, 3) << 2, 0, 1).finished());
  EXPECT_EQ(data.feature_names, (std::vector<std::string>{"pixel0", "pixel1", "pixel2", "pixel3"}));
  EXPECT_EQ(data.class_names, (std::vector<std::string>{"0", "1", "2"}));
}

TEST_F(Idx, EveryByteScalesAsNumpyDividesBy255) {
  // One 16×16 image holding every byte value once; float rounds once, as x.astype(f32)/255.
  const auto images = write_gz("images.gz", idx_file({1, 16, 16}, iota_bytes(256)));
  const auto labels = write_gz("labels.gz", idx_file({1}, {7}));
  const Dataset<float> single = read_idx_dataset<float>(images, labels, "bytes");
  const Dataset<double> twice = read_idx_dataset<double>(images, labels, "bytes");
  ASSERT_EQ(shape_of(single.X), (Shape{256, 1}));
  for (int b = 0; b < 256; ++b) {
    EXPECT_EQ(single.X(b, 0), static_cast<float>(b) / 255.0f) << b;
    EXPECT_EQ(twice.X(b, 0), b / 255.0) << b;
  }
  EXPECT_EQ(single.X.minCoeff(), 0.0f);
  EXPECT_EQ(single.X.maxCoeff(), 1.0f);
  EXPECT_EQ(single.Y(0, 0), 7.0f);
  EXPECT_EQ(single.class_names.size(), 8u);  // "0".."7"
  EXPECT_EQ(single.class_names.back(), "7");
  EXPECT_EQ(single.feature_names.back(), "pixel255");
}

TEST_F(Idx, ImagesLargerThanOneChunkArriveWhole) {
  // 1500 images of 28×28 = 1.18 MB, more than one 1 MiB chunk; a pattern that shows a
  // misplaced or repeated chunk.
  const size_t n = 1500, pixels = 784;
  Bytes data(n * pixels);
  for (size_t i = 0; i < data.size(); ++i)
    data[i] = static_cast<std::uint8_t>((i * 31 + i / 251) & 0xFF);
  Bytes label_bytes(n);
  for (size_t j = 0; j < n; ++j)
    label_bytes[j] = static_cast<std::uint8_t>(j % 10);
  const auto images = write_gz("images.gz", idx_file({1500, 28, 28}, data));
  const auto labels = write_raw("labels.idx", idx_file({1500}, label_bytes));
  const Dataset<float> set = read_idx_dataset<float>(images, labels, "big");
  ASSERT_EQ(shape_of(set.X), (Shape{784, 1500}));
  Index wrong = 0;
  for (size_t i = 0; i < data.size(); ++i)
    wrong += set.X.data()[i] != static_cast<float>(data[i]) / 255.0f;
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(set.Y(0, 1499), 9.0f);
  EXPECT_EQ(set.class_names.size(), 10u);
  EXPECT_EQ(set.feature_names.size(), 784u);
  EXPECT_EQ(set.feature_names[783], "pixel783");
}

// ---- Every way a file can be wrong ----

TEST_F(Idx, MissingFile) {
  const auto path = dir_ / "nothing.idx";
  const std::string message = idx_error(path);
  EXPECT_HAS(message, "no such file");
  EXPECT_HAS(message, "00 00 08 <ndims>");
}

TEST_F(Idx, Directory) {
  EXPECT_HAS(idx_error(dir_), "is a directory, expected an IDX file");
}

TEST_F(Idx, UnreadableFile) {
  // /proc/self/mem opens but cannot be read at offset 0, even for root.
  const std::string message = idx_error("/proc/self/mem");
  EXPECT_HAS(message, "cannot read the file");
  if (::geteuid() != 0) {  // root reads whatever the permissions say
    const auto path = write_raw("secret.idx", idx_file({1}, {1}));
    ::chmod(path.c_str(), 0);
    const std::string denied = idx_error(path);
    EXPECT_HAS(denied, "cannot open the file (Permission denied)");
  }
}

TEST_F(Idx, EmptyAndTooShortFiles) {
  EXPECT_HAS(idx_error(write_raw("empty.idx", "")), "the file is empty, expected an IDX file");
  EXPECT_HAS(idx_error(write_gz("empty.gz", "")), "the file is empty");
  const std::string message = idx_error(write_raw("short.idx", std::string("\0\0", 2)));
  EXPECT_HAS(message, "only 2 bytes (00 00)");
  EXPECT_HAS(message, "starts with the bytes 00 00 08 <ndims>");
}

TEST_F(Idx, WrongMagicSaysWhichBytesItFound) {
  const std::string zip = idx_error(write_raw("data.zip", std::string("PK\x03\x04rest", 8)));
  EXPECT_HAS(zip, "starts with the bytes 50 4b 03 04, expected an IDX file");
  EXPECT_HAS(zip, "00 00 08 <ndims>");
  // A CSV file, compressed: the message is about what the decompressed bytes hold.
  EXPECT_HAS(idx_error(write_gz("data.csv.gz", "x1,x2,y\n0,0,0\n")),
             "starts with the bytes 78 31 2c 78");
}

TEST_F(Idx, UnsupportedElementType) {
  const std::string message = idx_error(write_raw("floats.idx", idx_file({1}, {0, 0, 0, 0}, 0x0D)));
  EXPECT_HAS(message, "element type 0x0d (float)");
  EXPECT_HAS(message, "expected 0x08 (unsigned byte)");
  EXPECT_HAS(idx_error(write_raw("odd.idx", idx_file({1}, {0}, 0x42))),
             "element type 0x42 (not an IDX type)");
}

TEST_F(Idx, DimensionCountOutOfRange) {
  const std::string none = idx_error(write_raw("zero.idx", idx_file({}, {})));
  EXPECT_HAS(none, "0 dimensions");
  EXPECT_HAS(none, "expected 1 to 4");
  const std::string five = idx_error(write_raw("five.idx", idx_file({1, 1, 1, 1, 1}, {9})));
  EXPECT_HAS(five, "5 dimensions");
  EXPECT_HAS(five, "expected 1 to 4");
}

TEST_F(Idx, HeaderCutShort) {
  const std::string header = idx_file({3, 2, 2}, {});
  const std::string message = idx_error(write_raw("cut.idx", header.substr(0, 9)));
  EXPECT_HAS(message, "the file ends inside the header: 3 dimensions need 12 bytes");
  EXPECT_HAS(message, "found 5");
}

TEST_F(Idx, ZeroSize) {
  const std::string message = idx_error(write_raw("zero.idx", idx_file({3, 0, 2}, {})));
  EXPECT_HAS(message, "dimension 2 of the sizes 3×0×2 is 0");
  EXPECT_HAS(message, "expected sizes of at least 1");
}

TEST_F(Idx, AbsurdSizesAreRefusedBeforeAllocating) {
  const std::string message =
      idx_error(write_raw("huge.idx", idx_file({65536, 65536, 65536, 65536}, {1, 2, 3})));
  EXPECT_HAS(message, "65536×65536×65536×65536 make more than 2147483648 bytes of data");
  EXPECT_HAS(message, "2 GiB");
  const std::uint32_t most = std::numeric_limits<std::uint32_t>::max();
  EXPECT_HAS(idx_error(write_raw("max.idx", idx_file({most, most, most, most}, {}))),
             "make more than 2147483648 bytes");
}

TEST_F(Idx, HeaderPromisingMoreThanTheFileHoldsFailsAsTruncated) {
  // Exactly the cap: allowed by the header check, refused at once by the file's size
  // (raw) or by deflate's largest ratio (gzip), without allocating 2 GiB.
  const std::string bytes = idx_file({32768, 65536}, iota_bytes(10));
  for (const auto& path : {write_raw("lie.idx", bytes), write_gz("lie.idx.gz", bytes)}) {
    const std::string message = idx_error(path);
    EXPECT_HAS(message, "truncated: the header's sizes 32768×65536 make 2147483648 bytes");
    EXPECT_HAS(message, "found 10; expected the whole array");
  }
}

TEST_F(Idx, TruncatedData) {
  const std::string bytes = idx_file({2, 3}, iota_bytes(4));
  for (const auto& path : {write_raw("cut.idx", bytes), write_gz("cut.idx.gz", bytes)}) {
    const std::string message = idx_error(path);
    EXPECT_HAS(message, "truncated: the header's sizes 2×3 make 6 bytes of data, found 4");
  }
}

TEST_F(Idx, TrailingBytes) {
  const std::string bytes = idx_file({2, 3}, iota_bytes(8));
  for (const auto& path : {write_raw("long.idx", bytes), write_gz("long.idx.gz", bytes)}) {
    const std::string message = idx_error(path);
    EXPECT_HAS(message, "2 bytes after the data (the header's sizes 2×3 make 6 bytes)");
    EXPECT_HAS(message, "expected the file to end there");
  }
}

TEST_F(Idx, CorruptGzipStream) {
  Bytes noise(5000);
  std::uint32_t state = 1;
  for (auto& b : noise)
    b = static_cast<std::uint8_t>((state = state * 1664525u + 1013904223u) >> 24);
  const auto good = write_gz("good.gz", idx_file({5000}, noise));
  const std::string compressed = read_file(good);
  ASSERT_GT(compressed.size(), 1000u);
  EXPECT_EQ(read_idx(good).bytes, noise);

  // Cut short: the deflate stream ends before the data does.
  const std::string cut = idx_error(write_raw("cut.gz", compressed.substr(0, 2000)));
  EXPECT_HAS(cut, "corrupt gzip stream after");
  EXPECT_HAS(cut, "unexpected end of file");
  EXPECT_HAS(cut, "expected a whole gzip file or a raw IDX file");

  // Damaged: a changed byte breaks the stream or its checksum.
  std::string damaged = compressed;
  damaged[damaged.size() / 2] = static_cast<char>(damaged[damaged.size() / 2] ^ 0x55);
  EXPECT_HAS(idx_error(write_raw("damaged.gz", damaged)), "corrupt gzip stream after");
  std::string bad_check = compressed;
  bad_check[bad_check.size() - 6] = static_cast<char>(bad_check[bad_check.size() - 6] ^ 0x01);
  EXPECT_HAS(idx_error(write_raw("check.gz", bad_check)), "(zlib: incorrect data check)");
}

TEST_F(Idx, ImageAndLabelCountsDiffer) {
  const auto images = write_raw("images.idx", idx_file({3, 1, 2}, iota_bytes(6)));
  const auto labels = write_gz("labels.gz", idx_file({2}, {0, 1}));
  const std::string message =
      error_of([&] { read_idx_dataset<float>(images, labels, "x"); }, images);
  EXPECT_HAS(message, "3 images, but " + labels.string() + " has 2 labels");
  EXPECT_HAS(message, "expected one label per image");
}

TEST_F(Idx, ImagesMustBe3dAndLabels1d) {
  const auto flat = write_raw("flat.idx", idx_file({3, 4}, iota_bytes(12)));
  const auto images = write_raw("images.idx", idx_file({3, 2, 2}, iota_bytes(12)));
  const auto labels = write_raw("labels.idx", idx_file({3}, {0, 1, 2}));
  const auto grid = write_raw("grid.idx", idx_file({3, 1}, {0, 1, 2}));
  const std::string not_3d = error_of([&] { read_idx_dataset<double>(flat, labels, "x"); }, flat);
  EXPECT_HAS(not_3d, "2 dimensions (3×4), expected 3 for images (count × rows × columns)");
  const std::string not_1d = error_of([&] { read_idx_dataset<double>(images, grid, "x"); }, grid);
  EXPECT_HAS(not_1d, "2 dimensions (3×1), expected 1 for labels");
}

TEST_F(Idx, ErrorsInEitherFileOfADataset) {
  const auto images = write_raw("images.idx", idx_file({2, 1, 1}, {0, 1}));
  const auto labels = write_raw("labels.idx", idx_file({2}, {0}));
  EXPECT_HAS(error_of([&] { read_idx_dataset<float>(images, labels, "x"); }, labels), "truncated");
  const auto missing = dir_ / "none.idx";
  EXPECT_HAS(error_of([&] { read_idx_dataset<float>(missing, labels, "x"); }, missing),
             "no such file");
}

// ---- Fashion-MNIST ----

class FashionMnist : public Idx {
 protected:
  // A small folder laid out as the package's: `n` images of 28×28 per part.
  void write_folder(bool gzipped, std::uint8_t largest_label = 9) {
    const auto write = [&](const std::string& stem, const std::string& bytes) {
      gzipped ? write_gz(stem + ".gz", bytes) : write_raw(stem, bytes);
    };
    for (const auto& [part, n] : {std::pair{"train", 20u}, std::pair{"t10k", 5u}}) {
      Bytes label_bytes(n);
      for (unsigned j = 0; j < n; ++j)
        label_bytes[j] = static_cast<std::uint8_t>(j % (largest_label + 1u));
      label_bytes[0] = largest_label;
      write(std::string(part) + "-images-idx3-ubyte", idx_file({n, 28, 28}, iota_bytes(n * 784)));
      write(std::string(part) + "-labels-idx1-ubyte", idx_file({n}, label_bytes));
    }
  }
};

TEST_F(FashionMnist, LoadsTheRealDataset) {
  const auto dir = default_fashion_mnist_dir();
  EXPECT_EQ(dir, "/usr/share/datasets/fashion-mnist");
  if (!std::filesystem::exists(dir))
    GTEST_SKIP() << dir << " is missing: apt-get install dataset-fashion-mnist";
  const TrainTestSplit<float> data = load_fashion_mnist<float>();
  const Dataset<float>& train = data.train;
  const Dataset<float>& test = data.test;
  EXPECT_EQ(train.name, "fashion-mnist (train)");
  EXPECT_EQ(test.name, "fashion-mnist (test)");
  EXPECT_EQ(shape_of(train.X), (Shape{784, 60000}));
  EXPECT_EQ(shape_of(train.Y), (Shape{1, 60000}));
  EXPECT_EQ(shape_of(test.X), (Shape{784, 10000}));
  EXPECT_EQ(shape_of(test.Y), (Shape{1, 10000}));
  EXPECT_EQ(train.Y(0, 0), 9.0f);  // the first training image is an ankle boot
  EXPECT_EQ(train.class_names[9], "Ankle boot");
  EXPECT_EQ(test.class_names, fashion_mnist_class_names());
  EXPECT_EQ(train.feature_names.size(), 784u);
  // Pixels in [0, 1], both ends reached; the classes balanced: 6000 and 1000 of each.
  for (const Dataset<float>* part : {&train, &test}) {
    EXPECT_EQ(part->X.minCoeff(), 0.0f);
    EXPECT_EQ(part->X.maxCoeff(), 1.0f);
    std::vector<Index> per_class(10, 0);
    for (Index j = 0; j < part->Y.cols(); ++j) {
      const float label = part->Y(0, j);
      ASSERT_TRUE(label >= 0 && label <= 9 && label == std::floor(label)) << label;
      ++per_class[static_cast<size_t>(label)];
    }
    EXPECT_EQ(per_class, std::vector<Index>(10, part->Y.cols() / 10));
  }
  // The test images agree with the file's bytes, read by the other reader.
  const IdxArray images = read_idx(dir / "t10k-images-idx3-ubyte.gz");
  EXPECT_EQ(images.dims, (std::vector<std::uint32_t>{10000, 28, 28}));
  Index wrong = 0;
  for (size_t i = 0; i < images.bytes.size(); ++i)
    wrong += test.X.data()[i] != static_cast<float>(images.bytes[i]) / 255.0f;
  EXPECT_EQ(wrong, 0);
}

TEST_F(FashionMnist, ReadsGzippedOrPlainFiles) {
  for (bool gzipped : {true, false}) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    write_folder(gzipped);
    const TrainTestSplit<double> data = load_fashion_mnist<double>(dir_);
    EXPECT_EQ(shape_of(data.train.X), (Shape{784, 20}));
    EXPECT_EQ(shape_of(data.test.X), (Shape{784, 5}));
    EXPECT_EQ(data.train.Y(0, 0), 9.0);
    EXPECT_EQ(data.train.Y(0, 3), 3.0);
    EXPECT_EQ(data.train.X(1, 0), 1.0 / 255);
    EXPECT_EQ(data.test.name, "fashion-mnist (test)");
    EXPECT_EQ(data.train.class_names, fashion_mnist_class_names());
    EXPECT_EQ(data.train.class_names[0], "T-shirt/top");
  }
}

TEST_F(FashionMnist, MissingFolderNamesThePackage) {
  const auto dir = dir_ / "nowhere";
  const std::string message = error_of([&] { load_fashion_mnist<float>(dir); }, dir);
  EXPECT_HAS(message, "no such folder");
  EXPECT_HAS(message,
             "install the Debian package dataset-fashion-mnist "
             "(apt-get install dataset-fashion-mnist)");
}

TEST_F(FashionMnist, MissingFileIsNamed) {
  write_folder(true);
  std::filesystem::remove(dir_ / "t10k-labels-idx1-ubyte.gz");
  const auto missing = dir_ / "t10k-labels-idx1-ubyte.gz";
  const std::string message = error_of([&] { load_fashion_mnist<float>(dir_); }, missing);
  EXPECT_HAS(message, "missing (and so is t10k-labels-idx1-ubyte without .gz)");
  EXPECT_HAS(message, "(apt-get install dataset-fashion-mnist)");
}

TEST_F(FashionMnist, LabelAboveNineIsRefused) {
  write_folder(true, 10);
  const auto labels = dir_ / "train-labels-idx1-ubyte.gz";
  const std::string message = error_of([&] { load_fashion_mnist<float>(dir_); }, labels);
  EXPECT_HAS(message, "label 10 for image 1, expected 0 to 9");
}

// ---- Holding out a validation part ----

// m examples; example j has X(r, j) = 100 r + j and label j % 2.
Dataset<double> numbered(Index m, Index rows = 3) {
  Dataset<double> data;
  data.name = "numbered";
  data.X.resize(rows, m);
  data.Y.resize(1, m);
  for (Index j = 0; j < m; ++j) {
    for (Index r = 0; r < rows; ++r)
      data.X(r, j) = 100.0 * static_cast<double>(r) + static_cast<double>(j);
    data.Y(0, j) = static_cast<double>(j % 2);
  }
  for (Index r = 0; r < rows; ++r)
    data.feature_names.push_back("f" + std::to_string(r));
  data.class_names = {"even", "odd"};
  return data;
}

// The original indices of a part's examples, from row 0 of X.
std::vector<Index> indices_of(const Dataset<double>& part) {
  std::vector<Index> out;
  for (Index j = 0; j < part.X.cols(); ++j)
    out.push_back(static_cast<Index>(part.X(0, j)));
  return out;
}

TEST(Split, HoldsOutTheFirstOfNumpysPermutationInOriginalOrder) {
  // np.random.RandomState(48).permutation(10) = [7 5 2 6 9 8 4 1 3 0]: 0.3 holds out 7, 5, 2.
  const TrainTestSplit<double> split = split_validation(numbered(10), 0.3, 48);
  EXPECT_EQ(indices_of(split.test), (std::vector<Index>{2, 5, 7}));
  EXPECT_EQ(indices_of(split.train), (std::vector<Index>{0, 1, 3, 4, 6, 8, 9}));
  EXPECT_EQ(split.test.name, "numbered (validation)");
  EXPECT_EQ(split.train.name, "numbered");
}

TEST(Split, SizesDisjointUnionAndWholeColumns) {
  const Dataset<double> data = numbered(1000);
  const TrainTestSplit<double> split = split_validation(data, 0.2, 7);
  ASSERT_EQ(shape_of(split.test.X), (Shape{3, 200}));
  ASSERT_EQ(shape_of(split.train.X), (Shape{3, 800}));
  EXPECT_EQ(shape_of(split.test.Y), (Shape{1, 200}));
  EXPECT_EQ(shape_of(split.train.Y), (Shape{1, 800}));
  std::vector<Index> all = indices_of(split.train);
  const std::vector<Index> held = indices_of(split.test);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end()));
  EXPECT_TRUE(std::is_sorted(held.begin(), held.end()));
  all.insert(all.end(), held.begin(), held.end());
  std::sort(all.begin(), all.end());
  std::vector<Index> expected(1000);
  std::iota(expected.begin(), expected.end(), Index{0});
  EXPECT_EQ(all, expected);  // disjoint, and together everything
  // Every column moved whole, with its label.
  for (const Dataset<double>* part : {&split.train, &split.test})
    for (Index j = 0; j < part->X.cols(); ++j) {
      const Index original = static_cast<Index>(part->X(0, j));
      EXPECT_EQ(part->X.col(j), data.X.col(original));
      EXPECT_EQ(part->Y(0, j), data.Y(0, original));
    }
  EXPECT_EQ(split.train.feature_names, data.feature_names);
  EXPECT_EQ(split.test.feature_names, data.feature_names);
  EXPECT_EQ(split.test.class_names, (std::vector<std::string>{"even", "odd"}));
  EXPECT_EQ(split.train.class_names, data.class_names);
}

TEST(Split, SameSeedSameSplitOtherSeedAnother) {
  const auto held = [](std::uint32_t seed) {
    return indices_of(split_validation(numbered(100, 1), 0.25, seed).test);
  };
  EXPECT_EQ(held(3), held(3));
  EXPECT_NE(held(3), held(4));
}

TEST(Split, RoundsHalvesAwayFromZeroAndWorksInFloat) {
  EXPECT_EQ(split_validation(numbered(10), 0.25, 1).test.X.cols(), 3);  // 2.5 → 3
  EXPECT_EQ(split_validation(numbered(10), 0.05, 1).test.X.cols(), 1);  // 0.5 → 1
  EXPECT_EQ(split_validation(numbered(10), 0.94, 1).train.X.cols(), 1);
  Dataset<float> single;
  single.name = "f";
  single.X = numbered(5).X.cast<float>();
  single.Y = numbered(5).Y.cast<float>();
  const TrainTestSplit<float> split = split_validation(single, 0.4, 48);
  EXPECT_EQ(split.test.X.cols(), 2);
  EXPECT_EQ(split.train.X.cols(), 3);
  EXPECT_EQ(split.train.X.sum() + split.test.X.sum(), single.X.sum());
}

TEST(Split, RefusesFractionsThatLeaveAPartEmpty) {
  const auto message = [](Index m, double fraction) {
    try {
      split_validation(numbered(m), fraction, 1);
    } catch (const UsageError& e) {
      return std::string(e.what());
    }
    ADD_FAILURE() << "no UsageError for " << fraction << " of " << m;
    return std::string();
  };
  for (double fraction : {0.0, 1.0, -0.1, 1.5}) {
    const std::string text = message(10, fraction);
    EXPECT_HAS(text, "validation_split");
    EXPECT_HAS(text, "expected a fraction of the examples between 0 and 1");
  }
  EXPECT_HAS(message(10, 1.5), "validation_split 1.5:");
  EXPECT_HAS(message(10, -0.1), "validation_split -0.1:");
  EXPECT_HAS(message(10, std::nan("")), "validation_split nan:");
  EXPECT_HAS(message(10, 0.01),
             "validation_split 0.01 of 10 examples holds out 0, expected "
             "at least one example in each part");
  EXPECT_HAS(message(10, 0.97), "holds out 10");
  EXPECT_HAS(message(1, 0.5), "of 1 examples holds out");
}

// ---- NumPy's permutation ----

TEST(NumpyPermutation, MatchesRandomStatePermutation) {
  // Printed by /usr/bin/python3 with NumPy 1.24: np.random.RandomState(seed).permutation(n).
  EXPECT_EQ(NumpyRandom(48).permutation(10), (std::vector<Index>{7, 5, 2, 6, 9, 8, 4, 1, 3, 0}));
  EXPECT_EQ(
      NumpyRandom(0).permutation(20),
      (std::vector<Index>{18, 1, 19, 8, 10, 17, 6, 13, 4, 2, 5, 14, 9, 7, 16, 11, 3, 0, 15, 12}));
  const std::vector<Index> seven = NumpyRandom(7).permutation(100);
  EXPECT_EQ(std::vector<Index>(seven.begin(), seven.begin() + 20),
            (std::vector<Index>{37, 26, 78, 91, 49, 15, 93, 71, 86, 22,
                                13, 40, 52, 12, 88, 45, 11, 66, 20, 18}));
  const std::vector<Index> big = NumpyRandom(123).permutation(1000);
  EXPECT_EQ(std::vector<Index>(big.begin(), big.begin() + 10),
            (std::vector<Index>{131, 203, 50, 585, 138, 632, 328, 461, 924, 479}));
  EXPECT_EQ(std::vector<Index>(big.end() - 5, big.end()),
            (std::vector<Index>{988, 322, 382, 365, 510}));
}

TEST(NumpyPermutation, UsesAsManyDrawsAsNumpy) {
  // The stream continues where NumPy's does: rs.permutation(n); rs.random_sample().
  NumpyRandom rng(123);
  rng.permutation(1000);
  EXPECT_EQ(rng.uniform(), 0.26432797931205787);
  NumpyRandom other(48);
  other.permutation(10);
  EXPECT_EQ(other.uniform(), 0.9633315304254785);
}

TEST(NumpyPermutation, SmallCasesDrawNothing) {
  NumpyRandom rng(5), fresh(5);
  EXPECT_EQ(rng.permutation(0), std::vector<Index>{});
  EXPECT_EQ(rng.permutation(1), std::vector<Index>{0});
  EXPECT_EQ(rng.uniform(), fresh.uniform());
}

}  // namespace
}  // namespace scratchnet::testing
