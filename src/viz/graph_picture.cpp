#include "scratchnet/graph_picture.hpp"

namespace scratchnet {

template <class T>
std::string graph_to_dot(const Graph<T>&, const GraphPictureOptions&) {
  return "digraph scratchnet {}\n";
}

void render_dot(const std::string&, const std::filesystem::path& path, const std::string&) {
  throw Error(path.string() + ": drawing graphs is not implemented yet");
}

template std::string graph_to_dot(const Graph<float>&, const GraphPictureOptions&);
template std::string graph_to_dot(const Graph<double>&, const GraphPictureOptions&);

}  // namespace scratchnet
