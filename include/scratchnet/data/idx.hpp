// IDX files (http://yann.lecun.com/exdb/mnist/), the format of MNIST and Fashion-MNIST: the
// magic bytes 00 00 <type> <ndims>, then ndims big-endian uint32 sizes, then the data,
// row-major. Only type 08 (unsigned byte) is accepted: it is what both datasets use. Files
// may be gzip-compressed or raw; zlib reads both.
//
// Every error is a DataError of one line that starts with the path as given, then says what
// was found and what was expected, e.g. "t10k-labels-idx1-ubyte: truncated: the header's
// sizes 10000 make 10000 bytes of data, found 9000; expected the whole array". A header is
// checked before anything is allocated: at most 2 GiB of data (kIdxMaxBytes), and never more
// than the file could hold.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "scratchnet/data/data.hpp"

namespace scratchnet {

// The most data bytes one IDX file may declare. MNIST's largest file holds 47 MB.
inline constexpr std::uint64_t kIdxMaxBytes = std::uint64_t{1} << 31;

// One IDX array: its sizes and its bytes, row-major (the last size varies fastest).
struct IdxArray {
  std::vector<std::uint32_t> dims;
  std::vector<std::uint8_t> bytes;
};

// Reads a whole IDX array of unsigned bytes, gzip-compressed or raw. Throws DataError.
IdxArray read_idx(const std::filesystem::path& path);

// Images (n × rows × cols) and their labels (n) as a dataset: X is (rows·cols) × n, example
// j = column j holding image j row by row, each byte scaled to [0, 1] as byte / 255. Y is
// 1 × n holding each label as a number, the class index 0..K-1 (not one-hot). Feature names
// are "pixel0".."pixel<rows·cols-1>", class names "0".."K-1" where K = largest label + 1.
// The images are converted as they are decompressed, so loading needs little more memory
// than X itself. Throws DataError.
template <class T>
Dataset<T> read_idx_dataset(const std::filesystem::path& images,
                            const std::filesystem::path& labels, std::string name);

// A folder of MNIST-format files (MNIST, KMNIST, Fashion-MNIST, …): train-images-idx3-ubyte,
// train-labels-idx1-ubyte, t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte, each raw or
// gzipped (.gz). The parts are named "<name> (train)" and "<name> (test)"; both have the
// class names "0".."K-1", K = the largest label of either + 1. Throws DataError naming a
// missing file, or the file and what is wrong in it.
template <class T>
TrainTestSplit<T> load_idx_folder(const std::filesystem::path& dir, const std::string& name);

// Where the Debian package dataset-fashion-mnist puts the files.
std::filesystem::path default_fashion_mnist_dir();

// The names of Fashion-MNIST's ten classes, for labels 0..9.
std::vector<std::string> fashion_mnist_class_names();

// Fashion-MNIST: 60000 training and 10000 test images of 28 × 28 pixels, ten classes. Reads
// train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and
// t10k-labels-idx1-ubyte.gz from `dir` (or the same names without .gz). The parts are named
// "fashion-mnist (train)" and "fashion-mnist (test)", with the class names above. Throws
// DataError naming a missing file and the package that provides it, or a label above 9.
template <class T>
TrainTestSplit<T> load_fashion_mnist(
    const std::filesystem::path& dir = default_fashion_mnist_dir());

}  // namespace scratchnet
