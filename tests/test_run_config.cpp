// RunConfig: a whole run described once. It round-trips through JSON exactly, and every bad
// value or field is refused with one error naming the field.
#include "scratchnet/run/config.hpp"

#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

RunConfig unusual_config() {
  RunConfig c;
  c.data = "points.csv";
  c.target = "label";
  c.validation_split = 0.2;
  c.crosses = {"0*1", "0*0"};
  c.hidden = {5, 3};
  c.activation = {"tanh", {}};
  c.loss = {"bce", {}};
  c.init = {"he", {}};
  c.init_params = "start.json";
  c.init_params_text = R"([{"W": [[0.1, 0.6]], "b": [[0]]}])";
  c.seed = 4294967295u;
  c.epochs = 7;
  c.learning_rate = 0.1 + 0.2;  // 0.30000000000000004: every digit must survive
  c.log_every = 3;
  c.batch = 16;
  c.optimizer = {"adam", {{"beta1", 0.8}, {"beta2", 0.99}, {"eps", 1e-7}}};
  c.schedule = {"step", {{"gamma", 0.5}, {"step_size", 2}}};
  c.l2 = 1e-4;
  c.dtype = "float32";
  c.threads = 2;
  c.stop_diverging = 0;
  c.out = "runs/x";
  c.checkpoint_every = 5;
  c.resume = true;
  c.graph = true;
  c.plot_format = "svg";
  c.log_cost = true;
  return c;
}

TEST(RunConfig, RoundTripsThroughJsonExactly) {
  for (const RunConfig& c : {RunConfig{}, unusual_config()}) {
    const std::string text = to_json(c);
    const RunConfig back = run_config_from_json(text);
    EXPECT_EQ(back, c) << text;
    EXPECT_EQ(to_json(back), text);
  }
}

TEST(RunConfig, MissingFieldsKeepTheirDefaultsAndChoicesMayBeNames) {
  const RunConfig c = run_config_from_json(R"({"data": "or", "optimizer": "momentum"})");
  EXPECT_EQ(c.data, "or");
  EXPECT_EQ(c.epochs, 5000);
  EXPECT_EQ(c.learning_rate, 1.0);
  EXPECT_EQ(c.optimizer.name, "momentum");
  EXPECT_TRUE(c.optimizer.params.empty());
  // normalized() fills in the entry's parameters at their defaults
  EXPECT_EQ(normalized(c).optimizer.param("momentum"), 0.9);
  EXPECT_EQ(normalized(run_config_from_json(R"({"loss": "softmax_ce"})")).loss.name, "softmax-ce");
}

TEST(RunConfig, TheDefaultsAreTheArticlesRunAndValid) {
  const RunConfig c = normalized(RunConfig{});
  EXPECT_NO_THROW(validate(c));
  EXPECT_EQ(c.data, "xor");
  EXPECT_EQ(c.activation.name, "sigmoid");
  EXPECT_EQ(c.loss.name, "mse");
  EXPECT_EQ(c.optimizer.name, "sgd");
  EXPECT_EQ(c.seed, 48u);
}

// The one line a bad config gets, from reading it or from validate().
std::string error_of(const std::string& json_text) {
  try {
    validate(normalized(run_config_from_json(json_text, "config.json")));
  } catch (const FieldError& e) {
    return std::string("field ") + e.field() + ": " + e.what();
  } catch (const UsageError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(RunConfig, ABadValueGetsOneErrorNamingTheField) {
  const std::pair<std::string, std::string> cases[] = {
      {R"({"learning_rate": -1})",
       "field learning_rate: learning_rate (the learning rate) must be a positive number, got -1"},
      {R"({"learning_rate": "fast"})",
       "field learning_rate: learning_rate: expected a number, got string \"fast\""},
      {R"({"epochs": 0})", "field epochs: epochs must be at least 1, got 0"},
      {R"({"epochs": 2.5})", "field epochs: epochs: expected an integer, got number 2.5"},
      {R"({"batch": -3})",
       "field batch: batch must be at least 1 (or 0 for the full batch), got -3"},
      {R"({"hidden": [3, 0]})",
       "field hidden: hidden: a hidden layer needs at least 1 neuron, got 0"},
      {R"({"hidden": 3})", "field hidden: hidden: expected a list, got number 3"},
      {R"({"optimizer": {"name": "adam", "beta1": 2}})",
       "field optimizer.beta1: optimizer.beta1 must be in [0, 1), got 2"},
      {R"({"optimizer": {"name": "adam", "momentum": 0.5}})",
       "field optimizer.momentum: optimizer.momentum is not a parameter of adam"},
      {R"({"optimizer": {"beta1": 0.5}})", "field optimizer.name: optimizer.name is missing"},
      {R"({"activation": "swish"})",
       "field activation: activation: unknown choice 'swish' (expected " +
           choice_names(hidden_activations()) + ")"},
      {R"({"schedule": {"name": "step", "step_size": 0}})",
       "field schedule.step_size: schedule.step_size must be at least 1, got 0"},
      {R"({"dtype": "int8"})",
       "field dtype: dtype: unknown type 'int8' (expected float32 or float64)"},
      {R"({"graph": true})", "field graph: graph needs out DIR to write to"},
      {R"({"threads": 0})", "field threads: threads must be at least 1, got 0"},
      {R"({"seed": -1})", "field seed: seed: -1 is out of range (0 to 4294967295)"},
      {R"({"learning_rte": 0.1})",
       "field learning_rte: learning_rte is not a field of a run config (expected one of data, "
       "points, noise, data_seed, data_text, target, validation_split, crosses, hidden, "
       "activation, loss, init, init_params, init_params_text, seed, "
       "epochs, learning_rate, log_every, batch, optimizer, schedule, l2, dtype, threads, "
       "stop_diverging, out, checkpoint_every, resume, force, graph, plot_format, log_cost)"},
      {R"([1, 2])", "config.json: expected a JSON object of run settings, got array"},
  };
  for (const auto& [text, expected] : cases)
    EXPECT_EQ(error_of(text), expected) << text;
  EXPECT_NE(
      error_of("{\"epochs\": 5,\n}").find("config.json: not valid JSON: parse error at line 2"),
      std::string::npos)
      << error_of("{\"epochs\": 5,\n}");
}

TEST(RunConfig, AFrontEndNamesFieldsInItsOwnWords) {
  const FieldError e("graph", "needs {out} DIR to write to");
  EXPECT_STREQ(e.what(), "graph needs out DIR to write to");
  const auto flag = [](std::string_view f) { return "--" + std::string(f); };
  EXPECT_EQ(e.message(flag), "--graph needs --out DIR to write to");
  EXPECT_EQ(FieldError("dtype", ": unknown type 'x'").message(flag), "--dtype: unknown type 'x'");
}

TEST(RunConfig, EveryChoiceFieldHasARegistryAndEveryFieldIsListed) {
  for (const char* field : {"activation", "loss", "init", "optimizer", "schedule"})
    EXPECT_FALSE(run_choices(field).empty()) << field;
  EXPECT_TRUE(run_choices("epochs").empty());
  // every field to_json writes is listed, in order, with a line of help
  const json written = json::parse(to_json(RunConfig{}));
  std::vector<std::string> listed, in_json;
  for (const RunConfigField& f : run_config_fields()) {
    listed.emplace_back(f.name);
    EXPECT_FALSE(f.help.empty()) << f.name;
  }
  for (const auto& [key, value] : written.items())
    in_json.push_back(key);
  std::sort(listed.begin(), listed.end());
  std::sort(in_json.begin(), in_json.end());
  EXPECT_EQ(listed, in_json);
}

}  // namespace
}  // namespace scratchnet::testing
