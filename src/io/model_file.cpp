#include "scratchnet/model_file.hpp"

#include "scratchnet/error.hpp"

namespace scratchnet {

template <class T>
void save_model(const std::filesystem::path& path, const SavedModel<T>&) {
  throw Error(path.string() + ": saving models is not implemented yet");
}

template <class T>
SavedModel<T> load_model(const std::filesystem::path& path) {
  throw DataError(path.string() + ": loading models is not implemented yet");
}

template void save_model(const std::filesystem::path&, const SavedModel<float>&);
template void save_model(const std::filesystem::path&, const SavedModel<double>&);
template SavedModel<float> load_model(const std::filesystem::path&);
template SavedModel<double> load_model(const std::filesystem::path&);

}  // namespace scratchnet
