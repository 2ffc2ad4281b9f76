#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

TEST(Placeholder_csv, ToBeReplaced) {
  SUCCEED();
}

}  // namespace
}  // namespace scratchnet::testing
