#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

TEST(Placeholder_cli_predict, ToBeReplaced) {
  SUCCEED();
}

}  // namespace
}  // namespace scratchnet::testing
