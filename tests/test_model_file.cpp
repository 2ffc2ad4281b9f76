// Saved models (model.json): exact round trips and every refusal with its message.
#include <cstring>
#include <functional>
#include <utility>

#include "scratchnet/io/model_file.hpp"
#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

namespace fs = std::filesystem;

void write_text(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Same shape and the same bits in every entry (EXPECT_EQ alone would take -0.0 for 0.0).
template <class T>
void expect_same_bits(const Matrix<T>& actual, const Matrix<T>& expected, const std::string& what) {
  ASSERT_EQ(actual.rows(), expected.rows()) << what;
  ASSERT_EQ(actual.cols(), expected.cols()) << what;
  EXPECT_EQ(actual, expected) << what;
  EXPECT_EQ(std::memcmp(actual.data(), expected.data(), sizeof(T) * actual.size()), 0) << what;
}

// XOR with the cross x1·x2 as a third input, trained a little.
template <class T>
SavedModel<T> trained_xor_model() {
  SavedModel<T> saved;
  saved.feature_names = {"x1", "x2"};
  saved.crosses = {{0, 1}};
  NumpyRandom rng(48);
  NetworkSpec spec;
  spec.n_inputs = 3;
  spec.hidden = {3};
  spec.init = Init::xavier;
  saved.model = make_network<T>(spec, rng);
  Dataset<T> data = gate_dataset<T>("xor");
  add_crosses(data, saved.crosses);
  Trainer<T>(saved.model, data.X, data.Y).run({1.0, 500, 100});
  return saved;
}

template <class T>
void expect_round_trip() {
  const fs::path dir = temp_folder("model_round_trip");
  SavedModel<T> original = trained_xor_model<T>();
  save_model(dir / "model.json", original);
  SavedModel<T> loaded = load_model<T>(dir / "model.json");

  EXPECT_EQ(loaded.feature_names, original.feature_names);
  ASSERT_EQ(loaded.crosses.size(), 1u);
  EXPECT_EQ(loaded.crosses[0].a, 0);
  EXPECT_EQ(loaded.crosses[0].b, 1);
  EXPECT_EQ(loaded.model.describe(), original.model.describe());
  const auto original_layers = original.model.linear_layers();
  const auto loaded_layers = std::as_const(loaded.model).linear_layers();
  ASSERT_EQ(loaded_layers.size(), original_layers.size());
  for (size_t i = 0; i < loaded_layers.size(); ++i) {
    expect_same_bits(loaded_layers[i]->W(), original_layers[i]->W(), "W" + std::to_string(i + 1));
    expect_same_bits(loaded_layers[i]->b(), original_layers[i]->b(), "b" + std::to_string(i + 1));
  }
  const Dataset<T> data = gate_dataset<T>("xor");
  const Matrix<T> X = apply_crosses(data.X, loaded.crosses);
  expect_same_bits(loaded.model.forward(X), original.model.forward(X), "predictions");

  // Saving what was loaded writes the same bytes; the atomic write leaves nothing behind.
  save_model(dir / "again.json", loaded);
  EXPECT_EQ(read_file(dir / "again.json"), read_file(dir / "model.json"));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), {}), 2);
  fs::remove_all(dir);
}

// A sine feature (sin x2) is saved as "sin(1)" and read back as a sine, not a product.
TEST(ModelFile, ASineFeatureRoundTrips) {
  const fs::path dir = temp_folder("model_sine_feature");
  SavedModel<double> saved;
  saved.feature_names = {"x1", "x2"};
  saved.crosses = parse_crosses("sin(1),0*1");
  NumpyRandom rng(48);
  saved.model = make_network<double>({.n_inputs = 4, .hidden = {2}}, rng);
  save_model(dir / "model.json", saved);
  EXPECT_NE(read_file(dir / "model.json").find("\"sin(1)\""), std::string::npos);
  const SavedModel<double> loaded = load_model<double>(dir / "model.json");
  ASSERT_EQ(loaded.crosses.size(), 2u);
  EXPECT_TRUE(loaded.crosses[0].sine);
  EXPECT_EQ(loaded.crosses[0].a, 1);
  EXPECT_FALSE(loaded.crosses[1].sine);
  fs::remove_all(dir);
}

// Every hidden activation is saved by its type, with its parameters beside it, and read
// back exactly.
TEST(ModelFile, EveryActivationAndItsParametersRoundTrip) {
  const fs::path dir = temp_folder("model_activation_params");
  std::vector<Choice> choices = {{"leaky-relu", {{"negative_slope", 0.2}}}};
  for (const ActivationEntry* e : hidden_activations())
    choices.push_back(default_choice(*e));
  for (const Choice& activation : choices) {
    SCOPED_TRACE(activation.name);
    SavedModel<double> original;
    original.feature_names = {"x1", "x2"};
    NumpyRandom rng(48);
    original.model =
        make_network<double>({.n_inputs = 2, .hidden = {3}, .activation = activation}, rng);
    save_model(dir / "model.json", original);
    const std::string text = read_file(dir / "model.json");
    EXPECT_NE(text.find("\"type\": \"" + activation.name + "\""), std::string::npos);
    for (const auto& [key, value] : activation.params)
      EXPECT_NE(text.find("\"" + key + "\": " + format_number(value)), std::string::npos) << key;
    SavedModel<double> loaded = load_model<double>(dir / "model.json");
    EXPECT_EQ(loaded.model.describe(), original.model.describe());
    const Matrix<double> X = rng.randn<double>(2, 7) * 3.0;  // negative inputs too
    expect_same_bits(loaded.model.forward(X), original.model.forward(X), "predictions");
  }
  fs::remove_all(dir);
}

TEST(ModelFile, DoubleModelRoundTripsBitForBit) {
  expect_round_trip<double>();
}

TEST(ModelFile, FloatModelRoundTripsBitForBit) {
  expect_round_trip<float>();
}

TEST(ModelFile, AwkwardDoublesRoundTripExactly) {
  const fs::path dir = temp_folder("model_doubles");
  Matrix<double> W(2, 4);
  W << 0.1, 1.0 / 3, -0.0, 5e-324,  // the smallest subnormal
      1.7976931348623157e308, -2.2250738585072014e-308, 123456789.12345678, 1e-05;
  const Matrix<double> b = Matrix<double>::Constant(2, 1, -1.0 / 7);
  SavedModel<double> saved;
  saved.feature_names = {"a", "b", "c", "d"};
  saved.model.add<LinearLayer<double>>(W, b);
  save_model(dir / "model.json", saved);
  const SavedModel<double> loaded = load_model<double>(dir / "model.json");
  const auto layers = loaded.model.linear_layers();
  ASSERT_EQ(layers.size(), 1u);
  expect_same_bits(layers[0]->W(), W, "W");
  expect_same_bits(layers[0]->b(), b, "b");
  fs::remove_all(dir);
}

TEST(ModelFile, ChecksumIsFnv1a64) {
  // The published FNV-1a 64-bit test vectors.
  EXPECT_EQ(model_checksum(""), "fnv1a64:cbf29ce484222325");
  EXPECT_EQ(model_checksum("a"), "fnv1a64:af63dc4c8601ec8c");
  EXPECT_EQ(model_checksum("foobar"), "fnv1a64:85944171f73967e8");
}

// A small model, written out in full: the layout is part of the format.
SavedModel<double> tiny_model() {
  SavedModel<double> saved;
  saved.feature_names = {"x1", "x2"};
  saved.crosses = {{0, 1}};
  Matrix<double> W1(2, 3), b1(2, 1), W2(1, 2), b2(1, 1);
  W1 << 0.5, -1.25, 1e-05, 2, 0, -0.1;
  b1 << 0.125, -3;
  W2 << 1, -1;
  b2 << 0.25;
  saved.model.add<LinearLayer<double>>(W1, b1);
  saved.model.add<SigmoidLayer<double>>();
  saved.model.add<LinearLayer<double>>(W2, b2);
  saved.model.add<SigmoidLayer<double>>();
  return saved;
}

TEST(ModelFile, WritesAReadableVersionedLayout) {
  const fs::path dir = temp_folder("model_layout");
  save_model(dir / "model.json", tiny_model());
  const std::string text = read_file(dir / "model.json");
  const std::string body =
      "{\n"
      "  \"format\": \"scratchnet-model\",\n"
      "  \"version\": 2,\n"
      "  \"scalar\": \"float64\",\n"
      "  \"loss\": \"mse\",\n"
      "  \"classes\": [\"0\", \"1\"],\n"
      "  \"features\": [\"x1\", \"x2\"],\n"
      "  \"crosses\": [\"0*1\"],\n"
      "  \"layers\": [\n"
      "    {\"type\": \"linear\", \"inputs\": 3, \"outputs\": 2,\n"
      "     \"W\": [[0.5, -1.25, 1e-05],\n"
      "           [2.0, 0.0, -0.1]],\n"
      "     \"b\": [[0.125], [-3.0]]},\n"
      "    {\"type\": \"sigmoid\"},\n"
      "    {\"type\": \"linear\", \"inputs\": 2, \"outputs\": 1,\n"
      "     \"W\": [[1.0, -1.0]],\n"
      "     \"b\": [[0.25]]},\n"
      "    {\"type\": \"sigmoid\"}\n"
      "  ],\n"
      "  \"checksum\": \"fnv1a64:";
  ASSERT_EQ(text.substr(0, body.size()), body);
  // The checksum is that of the content without it, compact with sorted keys.
  json content = json::parse(text);
  const std::string recorded = content["checksum"];
  content.erase("checksum");
  EXPECT_EQ(recorded, model_checksum(content.dump()));
  EXPECT_EQ(text.substr(body.size() - std::strlen("\"fnv1a64:")), "\"" + recorded + "\"\n}\n");
  fs::remove_all(dir);
}

// ---------------------------------------------------------------------------------------
// Refusals. Each names the file first, is one line and says what is wrong.

void expect_refused(const fs::path& path, const std::vector<std::string>& key_words,
                    const std::function<void()>& load) {
  try {
    load();
    ADD_FAILURE() << "accepted " << path;
  } catch (const DataError& e) {
    const std::string message = e.what();
    EXPECT_EQ(message.rfind(path.string() + ": ", 0), 0u) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "one line: " << message;
    for (const std::string& word : key_words)
      EXPECT_NE(message.find(word), std::string::npos) << "no '" << word << "' in: " << message;
  }
}

void expect_refused(const fs::path& path, const std::vector<std::string>& key_words) {
  expect_refused(path, key_words, [&] { load_model<double>(path); });
}

class ModelFileRefusals : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = temp_folder("model_refusals");
    path_ = dir_ / "model.json";
    save_model(path_, tiny_model());
    saved_text_ = read_file(path_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Changes the saved model's content with `edit` and signs it again, so that only the
  // checks of the content itself can object.
  void edit_and_resign(const std::function<void(json&)>& edit) {
    json model = json::parse(saved_text_);
    edit(model);
    write_text(path_, resign_model_json(model.dump()));
  }

  fs::path dir_;
  fs::path path_;
  std::string saved_text_;
};

TEST_F(ModelFileRefusals, TheUntouchedFileLoads) {
  EXPECT_EQ(load_model<double>(path_).model.describe(), tiny_model().model.describe());
  // Re-signing unchanged content gives back the very same file.
  EXPECT_EQ(resign_model_json(saved_text_), saved_text_);
}

TEST_F(ModelFileRefusals, AChangedDigitFailsTheChecksum) {
  // The last digit of W's first number: another valid number, so the JSON still parses.
  const size_t W = saved_text_.find("\"W\": [[");
  const size_t end = saved_text_.find_first_of(",]", W + 7);
  ASSERT_NE(end, std::string::npos);
  std::string text = saved_text_;
  char& digit = text[end - 1];
  ASSERT_TRUE(std::isdigit(static_cast<unsigned char>(digit))) << text.substr(W, 30);
  digit = digit == '9' ? '8' : static_cast<char>(digit + 1);
  write_text(path_, text);
  expect_refused(path_, {"checksum mismatch", "changed or damaged after it was saved",
                         "expected fnv1a64:", "content gives fnv1a64:"});
}

TEST_F(ModelFileRefusals, AChangeTheChecksumCannotSeeBreaksTheLayout) {
  std::string text = saved_text_;
  text.replace(text.find("1e-05"), 5, "1E-05");  // the same number
  write_text(path_, text);
  expect_refused(path_, {"line 11, column", "differs from the layout scratchnet writes",
                         "found 'E', expected 'e'", "changed after it was saved"});
  text = saved_text_;
  text[text.find(" \"version\"")] = '\t';
  write_text(path_, text);
  expect_refused(path_, {"line 3, column 2", "found a tab, expected a space"});
  write_text(path_, saved_text_ + "\n");
  expect_refused(path_, {"found a line break, expected the end of the file"});
}

// Whatever single byte is changed, the file is refused (and nothing crashes).
TEST_F(ModelFileRefusals, EverySingleByteChangeIsRefused) {
  int refused = 0;
  for (size_t at = 0; at < saved_text_.size(); ++at) {
    const char original = saved_text_[at];
    // Another digit, letter or bracket; whitespace, which the checksum cannot see.
    for (const char replacement : {static_cast<char>(original ^ 1), ' '}) {
      if (replacement == original) continue;
      std::string text = saved_text_;
      text[at] = replacement;
      write_text(path_, text);
      try {
        load_model<double>(path_);
        ADD_FAILURE() << "accepted a change of byte " << at << " to '" << replacement << "'";
      } catch (const DataError& e) {
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
        ++refused;
      }
    }
  }
  // Every position, once more for all but the spaces.
  EXPECT_GT(refused, static_cast<int>(saved_text_.size()));
}

TEST_F(ModelFileRefusals, MissingFields) {
  edit_and_resign([](json& m) { m.erase("features"); });
  expect_refused(path_, {"features is missing", "expected a list of feature names"});
  edit_and_resign([](json& m) { m.erase("scalar"); });
  expect_refused(path_, {"scalar is missing", "expected \"float64\""});
  edit_and_resign([](json& m) { m["layers"][2].erase("W"); });
  expect_refused(path_, {"layers[2].W is missing", "expected 1×2 numbers"});
  edit_and_resign([](json& m) { m["layers"][1].erase("type"); });
  expect_refused(path_, {"layers[1].type is missing", "\"linear\", \"sigmoid\""});
  edit_and_resign([](json& m) { m.erase("version"); });
  expect_refused(path_, {"version is missing", "expected 2"});
  edit_and_resign([](json& m) { m.erase("loss"); });
  expect_refused(path_, {"loss is missing", "expected mse, bce or softmax-ce"});
  edit_and_resign([](json& m) { m.erase("classes"); });
  expect_refused(path_, {"classes is missing", "expected a list of 2 class names"});
  edit_and_resign([](json& m) { m.erase("format"); });
  expect_refused(path_,
                 {"not a scratchnet model", "format is missing", "expected \"scratchnet-model\""});
  // Without a checksum the file cannot show that it is intact.
  json model = json::parse(saved_text_);
  model.erase("checksum");
  write_text(path_, model.dump(2));
  expect_refused(path_, {"checksum is missing", "the content gives fnv1a64:"});
}

TEST_F(ModelFileRefusals, FieldsOfTheWrongType) {
  edit_and_resign([](json& m) { m["checksum"] = 5; });  // re-signing puts it back
  EXPECT_NO_THROW(load_model<double>(path_));
  json model = json::parse(saved_text_);
  model["checksum"] = 5;
  write_text(path_, model.dump());
  expect_refused(path_, {"checksum is 5, expected a string like \"fnv1a64:"});

  edit_and_resign([](json& m) { m["features"] = "x1,x2"; });
  expect_refused(path_, {"features is \"x1,x2\", expected a list of feature names"});
  edit_and_resign([](json& m) { m["features"][1] = 7; });
  expect_refused(path_, {"features[1] is 7, expected a non-empty name"});
  edit_and_resign([](json& m) { m["crosses"][0] = "0x1"; });
  expect_refused(path_, {"crosses[0] is \"0x1\"", "like \"0*1\""});
  edit_and_resign([](json& m) { m["layers"] = json::array(); });
  expect_refused(path_, {"layers is an empty list", "at least one layer"});
  edit_and_resign([](json& m) { m["layers"][0] = "linear"; });
  expect_refused(path_, {"layers[0] is \"linear\", expected an object"});
  edit_and_resign([](json& m) { m["layers"][0]["inputs"] = -3; });
  expect_refused(path_, {"layers[0].inputs is -3, expected a positive integer"});
  edit_and_resign([](json& m) { m["layers"][2]["outputs"] = 1.5; });
  expect_refused(path_, {"layers[2].outputs is 1.5, expected a positive integer"});
  edit_and_resign([](json& m) { m["layers"][0]["W"][1][2] = "a"; });
  expect_refused(path_, {"layers[0].W: row 2, column 3 is \"a\", expected a number"});
  edit_and_resign([](json& m) { m["layers"][0]["b"] = json::object(); });
  expect_refused(
      path_,
      {"layers[0].b is an object, expected a non-empty list of equal-length rows of numbers"});
  edit_and_resign([](json& m) { m["layers"][0]["W"][1] = 2; });
  expect_refused(path_, {"layers[0].W: row 2 is 2, expected a non-empty list of numbers"});
  edit_and_resign([](json& m) { m["extra"] = true; });
  expect_refused(path_, {"unknown field \"extra\""});
  edit_and_resign([](json& m) { m["layers"][1]["inputs"] = 2; });
  expect_refused(path_, {"layers[1] has an unknown field \"inputs\"", "sigmoid"});
}

TEST_F(ModelFileRefusals, NumbersThatAreNotFinite) {
  std::string text = saved_text_;
  text.replace(text.find("0.125"), 5, "1e999");  // JSON has no infinity, but this overflows
  write_text(path_, text);
  expect_refused(path_, {"not valid JSON: number overflow parsing '1e999'"});
  // Finite as a double, too large for a float.
  edit_and_resign([](json& m) {
    m["scalar"] = "float32";
    m["layers"][0]["W"][0][0] = 1e300;
  });
  expect_refused(path_,
                 {"layers[0].W: row 1, column 1 is 1e+300, expected a finite float32 number"},
                 [&] { load_model<float>(path_); });
}

TEST_F(ModelFileRefusals, ShapesThatDoNotChain) {
  edit_and_resign([](json& m) { m["layers"][0]["W"].erase(1); });  // a row less
  expect_refused(path_, {"layers[0].W is 1×3, expected outputs×inputs = 2×3"});
  edit_and_resign([](json& m) { m["layers"][0]["W"][1].erase(0); });
  expect_refused(path_, {"layers[0].W: row 2 has 2 numbers, expected 3 (as row 1)"});
  edit_and_resign([](json& m) { m["layers"][0]["b"][0].push_back(1.0); });
  expect_refused(path_, {"layers[0].b: row 2 has 1 number, expected 2 (as row 1)"});
  edit_and_resign([](json& m) { m["layers"][0]["b"] = {{1.0, 2.0}, {3.0, 4.0}}; });
  expect_refused(path_, {"layers[0].b is 2×2, expected outputs×1 = 2×1"});
  edit_and_resign([](json& m) {
    m["layers"][2]["inputs"] = 3;
    m["layers"][2]["W"] = {{1.0, 2.0, 3.0}};
  });
  expect_refused(path_, {"layers[2].inputs is 3, expected 2 (layers[0].outputs)"});
  edit_and_resign([](json& m) { m["crosses"] = json::array(); });
  expect_refused(path_, {"layers[0].inputs is 3, expected 2 (2 features)"});
  edit_and_resign([](json& m) { m["features"].push_back("x3"); });
  expect_refused(path_, {"layers[0].inputs is 3, expected 4 (3 features + 1 cross)"});
}

TEST_F(ModelFileRefusals, CrossNamingAMissingFeature) {
  edit_and_resign([](json& m) { m["crosses"][0] = "0*2"; });
  expect_refused(path_, {"crosses[0] is \"0*2\", but feature 2 does not exist",
                         "features has 2 names: 0 to 1"});
  edit_and_resign([](json& m) { m["crosses"][0] = "00*1"; });  // not as scratchnet writes it
  expect_refused(path_, {"crosses[0] is \"00*1\""});
}

TEST_F(ModelFileRefusals, UnknownLayerType) {
  edit_and_resign([](json& m) { m["layers"][1]["type"] = "swish"; });
  expect_refused(path_, {"layers[1].type is \"swish\", expected \"linear\", \"sigmoid\", "
                         "\"relu\", \"tanh\", ",
                         " or \"softmax\""});
}

TEST_F(ModelFileRefusals, AnActivationParameterOutOfItsRange) {
  edit_and_resign([](json& m) {
    m["layers"][1]["type"] = "leaky-relu";
    m["layers"][1]["negative_slope"] = 1.5;
  });
  expect_refused(path_, {"layers[1].negative_slope is 1.5, expected in [0, 1)"});
  edit_and_resign([](json& m) {
    m["layers"][1]["type"] = "leaky-relu";
    m["layers"][1]["negative_slope"] = "a lot";
  });
  expect_refused(path_, {"layers[1].negative_slope is \"a lot\", expected in [0, 1)"});
  edit_and_resign([](json& m) { m["layers"][1]["negative_slope"] = 0.1; });  // on a sigmoid
  expect_refused(path_, {"layers[1] has an unknown field \"negative_slope\"",
                         "a sigmoid layer holds only type"});
}

TEST_F(ModelFileRefusals, UnknownVersion) {
  edit_and_resign([](json& m) { m["version"] = 3; });
  expect_refused(path_, {"version 3 is not supported (this scratchnet reads versions 1 to 2)"});
  edit_and_resign([](json& m) { m["version"] = "1"; });
  expect_refused(path_, {"version is \"1\", expected the integer 2"});
}

// The loss must be one of the registry's and fit the output layer; one class name per class.
TEST_F(ModelFileRefusals, LossAndClassesThatDoNotFit) {
  edit_and_resign([](json& m) { m["loss"] = "hinge"; });
  expect_refused(path_, {"loss is \"hinge\", expected mse, bce or softmax-ce"});
  edit_and_resign([](json& m) { m["loss"] = "softmax-ce"; });
  expect_refused(path_, {"loss is \"softmax-ce\", which needs a softmax output layer, but "
                         "layers[3] is sigmoid"});
  edit_and_resign([](json& m) { m["classes"] = {"no", "yes", "maybe"}; });
  expect_refused(path_,
                 {"classes is a list, expected a list of 2 class names (class 0 and class 1)"});
  edit_and_resign([](json& m) { m["classes"] = {"no", ""}; });
  expect_refused(path_, {"classes[1] is \"\", expected a non-empty name"});
  edit_and_resign([](json& m) { m["classes"] = {"no", 1}; });
  expect_refused(path_, {"classes[1] is 1, expected a non-empty name"});
}

// A version-1 file (before the loss and the classes were recorded) still loads: its loss is
// read off the output layer — softmax: softmax-ce; sigmoid: the article's mse — and its
// classes are numbered.
TEST_F(ModelFileRefusals, AVersion1FileStillLoads) {
  edit_and_resign([](json& m) {
    m["version"] = 1;
    m.erase("loss");
    m.erase("classes");
  });
  SavedModel<double> v1 = load_model<double>(path_);
  EXPECT_EQ(v1.loss, Loss::mse);
  EXPECT_FALSE(v1.loss_recorded);
  EXPECT_EQ(v1.class_names, (std::vector<std::string>{"0", "1"}));
  EXPECT_EQ(v1.model.describe(), tiny_model().model.describe());
  edit_and_resign([](json& m) {  // a version-1 file has no loss field to give
    m["version"] = 1;
    m.erase("classes");
  });
  expect_refused(path_, {"unknown field \"loss\"", "a version-1 model holds format"});
}

TEST_F(ModelFileRefusals, WrongScalarType) {
  expect_refused(path_,
                 {"scalar is \"float64\", expected \"float32\"",
                  "saved with double parameters and is being loaded as float"},
                 [&] { load_model<float>(path_); });
  save_model(path_, trained_xor_model<float>());
  expect_refused(path_, {"scalar is \"float32\", expected \"float64\""});
  edit_and_resign([](json& m) { m["scalar"] = "int8"; });
  expect_refused(path_, {"scalar is \"int8\", expected \"float64\""});
}

TEST_F(ModelFileRefusals, NotAModelFile) {
  write_text(path_, "{\"W\": [[1, 2]]");
  expect_refused(path_, {"not valid JSON", "parse error at line 1, column 15"});
  write_text(path_, "");
  expect_refused(path_, {"the file is empty"});
  write_text(path_, "[1, 2]");
  expect_refused(path_, {"not a scratchnet model: the file holds a list"});
  write_text(path_, "{\"format\": \"scratchnet-params\"}");
  expect_refused(path_, {"not a scratchnet model: format is \"scratchnet-params\"",
                         "expected \"scratchnet-model\""});
  write_text(path_, std::string(1000, '[') + std::string(1000, ']'));
  expect_refused(path_, {"nested more than 16 levels deep"});
}

TEST_F(ModelFileRefusals, MissingFileAndDirectory) {
  expect_refused(dir_ / "missing.json", {"no such file"});
  expect_refused(dir_, {"is a directory, expected a saved model file"});
}

TEST(ModelFile, SavingRefusesModelsThatCouldNotBeLoaded) {
  const fs::path dir = temp_folder("model_save_refusals");
  const fs::path path = dir / "model.json";
  const auto expect_save_refused = [&](const SavedModel<double>& saved, const std::string& words) {
    try {
      save_model(path, saved);
      ADD_FAILURE() << "saved";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("cannot save " + path.string() + ": " + words),
                std::string::npos)
          << e.what();
    }
    EXPECT_FALSE(fs::exists(path));
  };
  expect_save_refused(SavedModel<double>{}, "layers is an empty list");
  SavedModel<double> saved = tiny_model();
  saved.crosses.clear();
  expect_save_refused(saved, "layers[0].inputs is 3, expected 2 (2 features)");
  saved = tiny_model();
  saved.model.linear_layers()[1]->set_params(Matrix<double>::Constant(1, 2, std::nan("")),
                                             Matrix<double>::Zero(1, 1));
  expect_save_refused(saved,
                      "layers[2].W: row 1, column 1 is nan; only finite numbers can be saved");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace scratchnet::testing
