#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

TEST(Placeholder_model_file, ToBeReplaced) {
  SUCCEED();
}

}  // namespace
}  // namespace scratchnet::testing
