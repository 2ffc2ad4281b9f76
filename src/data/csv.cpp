#include "scratchnet/csv.hpp"

#include "scratchnet/error.hpp"

namespace scratchnet {

template <class T>
Dataset<T> read_csv_dataset(const std::filesystem::path& path, const std::string&, LabelKind) {
  throw DataError(path.string() + ": CSV reading is not implemented yet");
}

template <class T>
Dataset<T> read_csv_features(const std::filesystem::path& path) {
  throw DataError(path.string() + ": CSV reading is not implemented yet");
}

template Dataset<float> read_csv_dataset(const std::filesystem::path&, const std::string&,
                                         LabelKind);
template Dataset<double> read_csv_dataset(const std::filesystem::path&, const std::string&,
                                          LabelKind);
template Dataset<float> read_csv_features(const std::filesystem::path&);
template Dataset<double> read_csv_features(const std::filesystem::path&);

}  // namespace scratchnet
