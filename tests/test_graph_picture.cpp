#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

TEST(Placeholder_graph_picture, ToBeReplaced) {
  SUCCEED();
}

}  // namespace
}  // namespace scratchnet::testing
