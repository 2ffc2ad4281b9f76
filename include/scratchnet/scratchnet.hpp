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
//   for (int epoch = 0; epoch < 5000; ++epoch) trainer.train_epoch(1.0);
//
//   // 5. Probabilities, labels at 0.5 and accuracy.
//   Prediction<double> p = predict(model, data.X, data.Y);
//
// Every node of trainer.graph() keeps its value and gradient after a pass: print them,
// draw them, check them against the article's hand calculations.
#pragma once

// Floor by floor, bottom first: each floor uses only the floors above it in this list.
#include "scratchnet/tensor/error.hpp"
#include "scratchnet/tensor/format.hpp"
#include "scratchnet/tensor/hash.hpp"
#include "scratchnet/tensor/random.hpp"
#include "scratchnet/tensor/tensor.hpp"
#include "scratchnet/tensor/threads.hpp"

#include "scratchnet/graph/graph.hpp"
#include "scratchnet/graph/ops.hpp"

#include "scratchnet/nn/nn.hpp"

#include "scratchnet/train/gradcheck.hpp"
#include "scratchnet/train/optim.hpp"
#include "scratchnet/train/registry.hpp"
#include "scratchnet/train/train.hpp"

#include "scratchnet/data/csv.hpp"
#include "scratchnet/data/data.hpp"
#include "scratchnet/data/idx.hpp"
#include "scratchnet/data/registry.hpp"

#include "scratchnet/io/checkpoint.hpp"
#include "scratchnet/io/io.hpp"
#include "scratchnet/io/json_file.hpp"
#include "scratchnet/io/model_file.hpp"

#include "scratchnet/viz/explain.hpp"
#include "scratchnet/viz/graph_picture.hpp"
#include "scratchnet/viz/plot.hpp"

#include "scratchnet/run/config.hpp"
#include "scratchnet/run/explained_step.hpp"
#include "scratchnet/run/live_run.hpp"
#include "scratchnet/run/out_folder.hpp"
#include "scratchnet/run/playground.hpp"
#include "scratchnet/run/report.hpp"
#include "scratchnet/run/saved_model_use.hpp"
#include "scratchnet/run/session.hpp"
#include "scratchnet/run/setup.hpp"
#include "scratchnet/run/thread_governor.hpp"
