// scratchnet — neural networks as explicit computational graphs, after the article
// "Nothing but NumPy: Understanding & Creating Neural Networks with Computational Graphs
// from Scratch". One header for everything; a tour in five steps:
//
//   #include <scratchnet/scratchnet.hpp>
//   using namespace scratchnet;
//
//   // 1. Data: examples are the columns of X (features × m) and Y (1 × m).
//   Dataset<double> data = gate_dataset<double>("xor");
//
//   // 2. A network: Linear → Sigmoid → Linear → Sigmoid, seeded like np.random.seed(48).
//   NumpyRandom rng(48);
//   Sequential<double> model;
//   model.add<LinearLayer<double>>(2, 3, Init::xavier, rng);
//   model.add<SigmoidLayer<double>>();
//   model.add<LinearLayer<double>>(3, 1, Init::xavier, rng);
//   model.add<SigmoidLayer<double>>();
//
//   // 3. The graph, built once: X → Z1 → A1 → Z2 → A2 = Ŷ → cost C(Y, Ŷ).
//   Trainer<double> trainer(model, data.X, data.Y);
//
//   // 4. Batch gradient descent: forward, cost, backward, update — 5000 times.
//   for (int epoch = 0; epoch < 5000; ++epoch) trainer.step(1.0);
//
//   // 5. Probabilities, labels at 0.5 and accuracy.
//   Prediction<double> p = predict(model, data.X, data.Y);
//
// Every node of trainer.graph() keeps its value and gradient after a pass: print them,
// draw them, check them against the article's hand calculations.
#pragma once

#include "scratchnet/checkpoint.hpp"
#include "scratchnet/csv.hpp"
#include "scratchnet/data.hpp"
#include "scratchnet/error.hpp"
#include "scratchnet/explain.hpp"
#include "scratchnet/gradcheck.hpp"
#include "scratchnet/graph.hpp"
#include "scratchnet/graph_picture.hpp"
#include "scratchnet/idx.hpp"
#include "scratchnet/io.hpp"
#include "scratchnet/model_file.hpp"
#include "scratchnet/nn.hpp"
#include "scratchnet/ops.hpp"
#include "scratchnet/optim.hpp"
#include "scratchnet/plot.hpp"
#include "scratchnet/random.hpp"
#include "scratchnet/tensor.hpp"
#include "scratchnet/threads.hpp"
#include "scratchnet/train.hpp"
