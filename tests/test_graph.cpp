// The graph as an object: nodes, edges, consumers, what receives gradients, shapes.
#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

struct SmallNet {
  Sequential<double> model;
  Graph<double> graph;
  NodeId X, Y, Y_hat, C;

  SmallNet() {
    NumpyRandom rng(1);
    model.add<LinearLayer<double>>(2, 3, Init::xavier, rng);
    model.add<SigmoidLayer<double>>();
    model.add<LinearLayer<double>>(3, 1, Init::xavier, rng);
    model.add<SigmoidLayer<double>>();
    const Dataset<double> xor_data = gate_dataset<double>("xor");
    X = graph.add_data("X", xor_data.X);
    Y = graph.add_data("Y", xor_data.Y);
    Y_hat = model.build(graph, X);
    C = graph.add<ops::SquaredErrorCost>("C", {Y, Y_hat});
  }
};

TEST(Graph, NodesAreNamedAsInTheArticleAndListedInTopologicalOrder) {
  SmallNet net;
  std::vector<std::string> names;
  for (NodeId id = 0; id < net.graph.size(); ++id)
    names.push_back(net.graph.node(id).name);
  const std::vector<std::string> expected = {"X",  "Y",  "W1",    "b1", "W1·X", "Z1", "A1",
                                             "W2", "b2", "W2·A1", "Z2", "A2",   "C"};
  EXPECT_EQ(names, expected);
  for (const Edge& e : net.graph.edges())
    EXPECT_LT(e.from, e.to) << "edges point forward";
}

TEST(Graph, KindsAndEdgesCanBeInspected) {
  SmallNet net;
  EXPECT_EQ(net.graph.node(net.X).kind, NodeKind::data);
  EXPECT_EQ(net.graph.node(net.graph.find("W1")).kind, NodeKind::parameter);
  EXPECT_EQ(net.graph.node(net.graph.find("Z1")).kind, NodeKind::operation);
  EXPECT_EQ(net.graph.node(net.graph.find("Z1")).op->name, "add_bias");
  EXPECT_EQ(net.graph.edges().size(), 12u);
  EXPECT_EQ(net.graph.consumers(net.graph.find("A1")),
            std::vector<NodeId>{net.graph.find("W2·A1")});
  EXPECT_THROW(net.graph.find("nope"), UsageError);
}

TEST(Graph, NoGradientFlowsIntoData) {
  SmallNet net;
  net.graph.forward();
  net.graph.backward(net.C);
  EXPECT_FALSE(net.graph.node(net.X).requires_grad);
  EXPECT_FALSE(net.graph.node(net.Y).requires_grad);
  EXPECT_EQ(net.graph.grad(net.X).size(), 0);
  EXPECT_EQ(net.graph.grad(net.Y).size(), 0);
  EXPECT_TRUE(net.graph.node(net.graph.find("A1")).requires_grad);
  EXPECT_GT(net.graph.grad(net.graph.find("W1")).norm(), 0);
}

TEST(Graph, EveryNodeKeepsItsValueAndGradientAfterAPass) {
  SmallNet net;
  net.graph.forward();
  net.graph.backward(net.C);
  EXPECT_EQ(net.graph.grad(net.C)(0, 0), 1.0);  // ∂C/∂C
  for (NodeId id = 0; id < net.graph.size(); ++id) {
    const Node<double>& node = net.graph.node(id);
    EXPECT_GT(node.value().size(), 0) << node.name;
    if (node.requires_grad) {
      EXPECT_EQ(node.grad().rows(), node.value().rows()) << node.name;
      EXPECT_EQ(node.grad().cols(), node.value().cols()) << node.name;
    }
  }
}

// Operations' gradients restart at zero on every pass; parameters' gradients accumulate
// until zero_grad, as in PyTorch.
TEST(Graph, ParameterGradientsAccumulateUntilZeroGrad) {
  SmallNet net;
  net.graph.forward();
  net.graph.backward(net.C);
  const Matrix<double> first = net.graph.grad(net.graph.find("W1"));
  const Matrix<double> first_Z1 = net.graph.grad(net.graph.find("Z1"));
  ASSERT_GT(first.norm(), 0);
  net.graph.backward(net.C);
  EXPECT_EQ(net.graph.grad(net.graph.find("W1")), 2.0 * first);
  EXPECT_EQ(net.graph.grad(net.graph.find("Z1")), first_Z1);
  const auto params = net.model.parameters();
  zero_grad<double>(params);
  EXPECT_EQ(net.graph.grad(net.graph.find("W1")).norm(), 0.0);
  net.graph.backward(net.C);
  EXPECT_EQ(net.graph.grad(net.graph.find("W1")), first);
}

TEST(Graph, SetDataWithMoreExamplesResizesDownstream) {
  SmallNet net;
  Matrix<double> X(2, 7);
  X.setRandom();
  net.graph.set_data(net.X, X);
  net.graph.set_data(net.Y, Matrix<double>::Zero(1, 7));
  net.graph.forward();
  EXPECT_EQ(net.graph.value(net.Y_hat).cols(), 7);
  EXPECT_EQ(net.graph.value(net.Y_hat), net.model.forward(X));
  EXPECT_THROW(net.graph.set_data(net.X, Matrix<double>::Zero(3, 4)), ShapeError);
  net.graph.set_data(net.X, Matrix<double>::Zero(2, 5));  // Y still has 7 columns
  EXPECT_THROW(net.graph.forward(), ShapeError);
}

TEST(Graph, ShapesAreCheckedWhenANodeIsAdded) {
  Graph<double> g;
  const NodeId a = g.add_data("a", Matrix<double>::Zero(2, 3));
  const NodeId b = g.add_data("b", Matrix<double>::Zero(2, 3));
  try {
    g.add<ops::MatMul>("ab", {a, b});
    FAIL() << "expected a ShapeError";
  } catch (const ShapeError& e) {
    EXPECT_NE(std::string(e.what()).find("node 'ab': matmul"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("2×3 and 2×3"), std::string::npos) << e.what();
  }
  EXPECT_THROW(g.add<ops::AddBias>("z", {a, b}), ShapeError);
  EXPECT_THROW(g.add_op(op_def<ops::Sigmoid, double>(), "s", std::vector<NodeId>{a, b}),
               UsageError);
  EXPECT_THROW(g.add<ops::Sigmoid>("s", {42}), UsageError);
}

TEST(Graph, BackwardNeedsAScalarThatDependsOnAParameter) {
  Graph<double> g;
  const NodeId a = g.add_data("a", Matrix<double>::Ones(2, 2));
  const NodeId s = g.add<ops::Sigmoid>("s", {a});
  g.forward();
  EXPECT_THROW(g.backward(s), ShapeError);
  const NodeId c = g.add<ops::SquaredErrorCost>("c", {a, s});
  g.forward();
  EXPECT_THROW(g.backward(c), UsageError);
}

TEST(Sequential, RefusesALayerThatDoesNotFitNamingBoth) {
  NumpyRandom rng(1);
  Sequential<double> model;
  model.add<LinearLayer<double>>(2, 3, Init::xavier, rng);
  model.add<SigmoidLayer<double>>();
  // Refused where it is added, not deep inside a product when the graph runs.
  try {
    model.add<LinearLayer<double>>(4, 1, Init::xavier, rng);
    FAIL() << "expected a ShapeError";
  } catch (const ShapeError& e) {
    EXPECT_STREQ(e.what(),
                 "layer 3 (LinearLayer(4 → 1)) takes 4 inputs, but layer 2 (SigmoidLayer after "
                 "LinearLayer(2 → 3)) gives 3");
  }
  EXPECT_EQ(model.layers().size(), 2u) << "the refused layer is not kept";
}

TEST(Sequential, MakeNetworkBuildsTheArticleArchitecture) {
  NumpyRandom rng(48);
  NetworkSpec spec;
  spec.hidden = {5, 3};
  Sequential<double> model = make_network<double>(spec, rng);
  EXPECT_EQ(model.describe(),
            "LinearLayer(2 → 5) → SigmoidLayer → LinearLayer(5 → 3) → SigmoidLayer → "
            "LinearLayer(3 → 1) → SigmoidLayer");
  EXPECT_EQ(model.parameters().size(), 6u);
  spec.hidden = {0};
  EXPECT_THROW(make_network<double>(spec, rng), UsageError);
  spec.hidden = {};
  spec.activation = "swish";
  EXPECT_THROW(make_network<double>(spec, rng), UsageError);
  spec.activation = "softmax";  // an output activation only
  EXPECT_THROW(make_network<double>(spec, rng), UsageError);
}

TEST(Sequential, MakeNetworkTakesTheHiddenActivationAndTheLossesOutput) {
  NumpyRandom rng(1);
  NetworkSpec spec;
  spec.n_inputs = 4;
  spec.hidden = {5, 3};
  spec.activation = "relu";
  spec.n_outputs = 3;
  spec.loss = Loss::softmax_ce;
  EXPECT_EQ(make_network<double>(spec, rng).describe(),
            "LinearLayer(4 → 5) → ReLULayer → LinearLayer(5 → 3) → ReLULayer → "
            "LinearLayer(3 → 3) → SoftmaxLayer");
  spec.activation = "tanh";
  spec.loss = Loss::bce;
  spec.n_outputs = 1;
  EXPECT_EQ(make_network<double>(spec, rng).describe(),
            "LinearLayer(4 → 5) → TanhLayer → LinearLayer(5 → 3) → TanhLayer → "
            "LinearLayer(3 → 1) → SigmoidLayer");
  spec.loss = Loss::softmax_ce;  // one class is not a choice
  EXPECT_THROW(make_network<double>(spec, rng), UsageError);
}

TEST(LinearLayer, BiasesStartAtZeroAndShapesFollowTheArticle) {
  NumpyRandom rng(48);
  LinearLayer<double> layer(2, 3, Init::he, rng);
  EXPECT_EQ(layer.W().rows(), 3);
  EXPECT_EQ(layer.W().cols(), 2);
  EXPECT_EQ(layer.b(), Matrix<double>::Zero(3, 1));
  EXPECT_THROW(LinearLayer<double>(Matrix<double>::Zero(1, 2), Matrix<double>::Zero(2, 1)),
               ShapeError);
  EXPECT_THROW(layer.set_params(Matrix<double>::Zero(2, 3), Matrix<double>::Zero(3, 1)),
               ShapeError);
}

TEST(FeatureCross, AppendsTheProductOfTwoFeatures) {
  Dataset<double> data = gate_dataset<double>("xor");
  add_crosses(data, parse_crosses("0*1"));
  ASSERT_EQ(data.X.rows(), 3);
  EXPECT_EQ(data.X.row(2), (Eigen::RowVector4d() << 0, 0, 0, 1).finished());
  EXPECT_EQ(data.feature_names.back(), "x1*x2");
  EXPECT_EQ(parse_crosses("0*1,1*1").size(), 2u);
  EXPECT_THROW(parse_crosses("0x1"), UsageError);
  EXPECT_THROW(parse_crosses("0*"), UsageError);
  EXPECT_THROW(apply_crosses(data.X, parse_crosses("0*9")), UsageError);
}

TEST(FeatureCross, SinOfAFeatureIsAFeatureToo) {
  Dataset<double> data = gate_dataset<double>("xor");
  const std::vector<FeatureCross> crosses = parse_crosses("sin(1),0*0");
  ASSERT_EQ(crosses.size(), 2u);
  EXPECT_EQ(crosses[0].str(), "sin(1)");
  add_crosses(data, crosses);
  ASSERT_EQ(data.X.rows(), 4);
  EXPECT_EQ(data.X(2, 1), std::sin(1.0));
  EXPECT_EQ(data.X(2, 0), 0.0);
  EXPECT_EQ(data.feature_names[2], "sin(x2)");
  EXPECT_EQ(data.feature_names[3], "x1*x1");
  for (const char* bad : {"sin(", "sin()", "sin(x)", "sin(0", "sin(-1)", "sin(0)*1"})
    EXPECT_THROW(parse_crosses(bad), UsageError) << bad;
  EXPECT_THROW(apply_crosses(data.X, parse_crosses("sin(9)")), UsageError);
}

TEST(GateData, TheArticlesTruthTables) {
  EXPECT_EQ(gate_dataset<double>("or").Y, (Eigen::RowVector4d() << 0, 1, 1, 1).finished());
  EXPECT_EQ(gate_dataset<double>("and").Y, (Eigen::RowVector4d() << 0, 0, 0, 1).finished());
  EXPECT_EQ(gate_dataset<double>("XOR").Y, (Eigen::RowVector4d() << 0, 1, 1, 0).finished());
  EXPECT_EQ(gate_dataset<double>("or").X.col(1), Eigen::Vector2d(0, 1));
  EXPECT_THROW(gate_dataset<double>("nand"), UsageError);
}

}  // namespace
}  // namespace scratchnet::testing

namespace scratchnet::testing {
namespace {

// Placing a model on a second graph (to predict) must not wipe the gradients the first
// graph's backward pass left in the shared parameters: they are what the picture shows.
TEST(Graph, APredictionGraphKeepsTheTrainingGradients) {
  SmallNet net;
  net.graph.forward();
  net.graph.backward(net.C);
  const Matrix<double> dW1 = net.graph.grad(net.graph.find("W1"));
  ASSERT_GT(dW1.norm(), 0);
  net.model.forward(gate_dataset<double>("xor").X);
  EXPECT_EQ(net.graph.grad(net.graph.find("W1")), dW1);
}

TEST(Sequential, MakeNetworkRefusesANetworkTooLargeForMemory) {
  NumpyRandom rng(1);
  NetworkSpec spec;
  spec.hidden = {100'000'000};
  EXPECT_THROW(make_network<double>(spec, rng), UsageError);
  spec.hidden = {100'000, 100'000};  // 10¹⁰ weights
  EXPECT_THROW(make_network<double>(spec, rng), UsageError);
}

}  // namespace
}  // namespace scratchnet::testing
