// Shapes are checked when a network is assembled: a layer that does not fit the one before
// it is refused there, naming both layers and both sizes, never deep inside Eigen.
#include <gtest/gtest.h>

#include <string>

#include "scratchnet/scratchnet.hpp"
#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

// The message of the ShapeError `f` throws ("" and a failure if it throws none).
template <class F>
std::string shape_error_of(F&& f) {
  try {
    f();
  } catch (const ShapeError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ShapeError";
  return "";
}

NetworkSpec spec_of(Index n_inputs, std::vector<Index> hidden) {
  NetworkSpec spec;
  spec.n_inputs = n_inputs;
  spec.hidden = std::move(hidden);
  return spec;
}

Matrix<double> zeros(Index rows, Index cols) {
  return Matrix<double>::Zero(rows, cols);
}

TEST(Shapes, ALinearLayerAfterALinearLayerOfAnotherWidthIsRefusedAtAdd) {
  Sequential<double> model;
  model.add<LinearLayer<double>>(zeros(3, 2), zeros(3, 1));
  EXPECT_EQ(shape_error_of([&] { model.add<LinearLayer<double>>(zeros(1, 4), zeros(1, 1)); }),
            "layer 2 (LinearLayer(4 → 1)) takes 4 inputs, but layer 1 (LinearLayer(2 → 3)) "
            "gives 3");
  EXPECT_EQ(model.layers().size(), 1u);
}

TEST(Shapes, ActivationsPassTheWidthOfTheLinearLayerBeforeThem) {
  Sequential<float> model;
  model.add<LinearLayer<float>>(Matrix<float>::Zero(5, 2), Matrix<float>::Zero(5, 1));
  model.add(make_activation_layer<float>("relu"));
  model.add(make_activation_layer<float>("tanh"));
  const std::string message = shape_error_of(
      [&] { model.add<LinearLayer<float>>(Matrix<float>::Zero(1, 6), Matrix<float>::Zero(1, 1)); });
  EXPECT_EQ(message,
            "layer 4 (LinearLayer(6 → 1)) takes 6 inputs, but layer 3 (TanhLayer after "
            "LinearLayer(2 → 5)) gives 5");
  model.add<LinearLayer<float>>(Matrix<float>::Zero(1, 5), Matrix<float>::Zero(1, 1));  // fits
  EXPECT_EQ(model.layers().size(), 4u);
}

TEST(Shapes, AnActivationFirstTakesAnyWidth) {
  Sequential<double> model;
  model.add<SigmoidLayer<double>>();
  model.add<LinearLayer<double>>(zeros(2, 7), zeros(2, 1));
  model.add<SigmoidLayer<double>>();
  EXPECT_EQ(shape_error_of([&] { model.add<LinearLayer<double>>(zeros(1, 3), zeros(1, 1)); }),
            "layer 4 (LinearLayer(3 → 1)) takes 3 inputs, but layer 3 (SigmoidLayer after "
            "LinearLayer(7 → 2)) gives 2");
}

TEST(Shapes, TheFirstLayerIsCheckedAgainstTheInputWhenTheGraphIsBuilt) {
  NumpyRandom rng(48);
  Sequential<double> model = make_network<double>(spec_of(3, {4}), rng);
  Graph<double> graph;
  const NodeId X = graph.add_data("X", zeros(2, 5));
  EXPECT_EQ(shape_error_of([&] { model.build(graph, X); }),
            "layer 1 (LinearLayer(3 → 4)) takes 3 inputs, but the input X gives 2 (2×5)");
  EXPECT_EQ(shape_error_of([&] { model.forward(zeros(4, 1)); }),
            "layer 1 (LinearLayer(3 → 4)) takes 3 inputs, but the input X gives 4 (4×1)");
  EXPECT_EQ(model.forward(zeros(3, 2)).cols(), 2);
}

TEST(Shapes, TheTrainerRefusesDataOfAnotherWidthBeforeAnyProduct) {
  NumpyRandom rng(48);
  Sequential<double> model = make_network<double>(spec_of(2, {}), rng);
  const Matrix<double> X = zeros(3, 4), Y = zeros(1, 4);
  EXPECT_EQ(shape_error_of([&] { Trainer<double> trainer(model, X, Y); }),
            "layer 1 (LinearLayer(2 → 1)) takes 2 inputs, but the input X gives 3 (3×4)");
}

TEST(Shapes, InitParamsWhoseLayersDoNotChainNameBothLayers) {
  NumpyRandom rng(48);
  Sequential<double> model = make_network<double>(spec_of(2, {3}), rng);
  const std::vector<LayerParams<double>> params = {{zeros(3, 2), zeros(3, 1)},
                                                   {zeros(1, 4), zeros(1, 1)}};
  EXPECT_EQ(shape_error_of([&] { set_params(model, params, "p.json"); }),
            "p.json: layer 2's W (1×4) takes 4 inputs, but layer 1's W (3×2) gives 3");
}

TEST(Shapes, AModelFileWhoseLayersDoNotChainIsRefusedNamingBoth) {
  const auto dir = temp_folder("shapes_model");
  // Valid JSON, checksum and layout; only the second linear layer takes 4 inputs, not 3.
  const std::string text = resign_model_json(R"({"format": "scratchnet-model", "version": 1,
    "scalar": "float64", "features": ["x1", "x2"], "crosses": [],
    "layers": [{"type": "linear", "inputs": 2, "outputs": 3, "W": [[1, 2], [3, 4], [5, 6]],
                "b": [[0], [0], [0]]}, {"type": "sigmoid"},
               {"type": "linear", "inputs": 4, "outputs": 1, "W": [[1, 2, 3, 4]], "b": [[0]]},
               {"type": "sigmoid"}], "checksum": ""})");
  const auto path = dir / "model.json";
  std::ofstream(path) << text;
  try {
    load_model<double>(path);
    ADD_FAILURE() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("layers[2].inputs is 4, expected 3 (layers[0].outputs)"),
              std::string::npos)
        << e.what();
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace scratchnet::testing
