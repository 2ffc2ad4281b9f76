// Every registry of user-visible choices is well formed: names unique and findable, a help
// line each, every parameter's default inside its own range, and each entry builds what it
// promises (an activation's operation is a registered op; a dataset loads).
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "scratchnet/scratchnet.hpp"

namespace scratchnet {
namespace {

template <class Entry>
void expect_well_formed(std::span<const Entry> registry, std::string_view field) {
  ASSERT_FALSE(registry.empty()) << field;
  std::set<std::string_view> names;
  for (const Entry& e : registry) {
    EXPECT_TRUE(names.insert(e.name).second) << field << ": '" << e.name << "' twice";
    for (std::string_view alias : e.aliases)
      EXPECT_TRUE(names.insert(alias).second) << field << ": alias '" << alias << "' twice";
    EXPECT_FALSE(e.help.empty()) << field << " " << e.name << " has no help";
    EXPECT_EQ(&find_choice(registry, e.name, field), &e);
    for (const ParamSpec& p : e.params) {
      EXPECT_TRUE(p.accepts(p.default_value)) << field << "." << p.name << "'s default";
      EXPECT_TRUE(p.flag.starts_with("--")) << field << "." << p.name << ": flag " << p.flag;
      EXPECT_FALSE(p.help.empty()) << field << "." << p.name;
    }
    EXPECT_NO_THROW(validate_choice(e, default_choice(e), field)) << e.name;
  }
  try {
    find_choice(registry, "no-such-choice", field);
    ADD_FAILURE() << field << ": an unknown name was found";
  } catch (const FieldError& error) {
    EXPECT_EQ(error.field(), field);
    EXPECT_NE(std::string(error.what()).find(choice_names(registry)), std::string::npos)
        << error.what();
  }
}

TEST(Registries, EveryRegistryIsWellFormed) {
  expect_well_formed(activation_registry(), "activation");
  expect_well_formed(loss_registry(), "loss");
  expect_well_formed(init_registry(), "init");
  expect_well_formed(optimizer_registry(), "optimizer");
  expect_well_formed(schedule_registry(), "schedule");
  expect_well_formed(dataset_registry(), "data");
}

TEST(Registries, AnActivationsParametersAreItsOperationsInOrder) {
  for (const ActivationEntry& e : activation_registry()) {
    const OpDef<double>& op = e.op<double>();
    ASSERT_EQ(e.params.size(), op.param_names.size()) << e.name;
    for (size_t i = 0; i < e.params.size(); ++i)
      EXPECT_EQ(e.params[i].name, op.param_names[i]) << e.name;
    EXPECT_EQ(e.op<float>().name, op.name) << e.name;
    bool registered = false;
    for (const OpDef<double>* known : op_registry<double>())
      registered = registered || known == &op;
    EXPECT_TRUE(registered) << e.name << "'s operation " << op.name << " is not in op_registry";
  }
}

TEST(Registries, ALossNamesAnOutputActivationThatExists) {
  for (const LossEntry& e : loss_registry())
    EXPECT_NE(try_find_choice(activation_registry(), e.output_activation), nullptr) << e.name;
}

TEST(Registries, EveryBuiltInDatasetLoadsByItsNameInAnyCase) {
  for (const DatasetEntry& e : dataset_registry()) {
    std::string upper(e.name);
    for (char& c : upper)
      c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    ASSERT_EQ(find_builtin_dataset(upper), &e) << upper;
    const TrainTestSplit<float> split = e.load<float>();
    EXPECT_GT(split.train.X.cols(), 0) << e.name;
    EXPECT_EQ(split.train.X.cols(), split.train.Y.cols()) << e.name;
    EXPECT_EQ(split.test.X.cols() > 0, e.has_test_split) << e.name;
  }
  EXPECT_EQ(find_builtin_dataset("points.csv"), nullptr);
}

}  // namespace
}  // namespace scratchnet
