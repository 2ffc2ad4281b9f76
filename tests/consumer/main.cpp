// A program of someone else's that uses scratchnet as a library, built and run by the tests
// consumer.find_package and consumer.add_subdirectory (tests/CMakeLists.txt): the article's
// XOR network, trained as in the tour at the top of scratchnet.hpp. It prints the last
// epoch's cost to 17 digits, which the tests compare with the command line's, bit for bit.
#include <cstdio>
#include <scratchnet/scratchnet.hpp>

using namespace scratchnet;

// argc and argv are named and unused on purpose: a warning of -Wextra (-Wunused-parameter),
// which scratchnet's own code is compiled with, as errors. Those flags are scratchnet's, not
// its users': if they leaked to this program, it would not compile.
int main(int argc, char** argv) {
  const Dataset<double> data = gate_dataset<double>("xor");
  NumpyRandom rng(48);
  Sequential<double> model;
  model.add<LinearLayer<double>>(2, 3, Init::xavier, rng);
  model.add<SigmoidLayer<double>>();
  model.add<LinearLayer<double>>(3, 1, Init::xavier, rng);
  model.add<SigmoidLayer<double>>();

  Trainer<double> trainer(model, data.X, data.Y);
  double cost = 0;
  for (int epoch = 0; epoch < 5000; ++epoch)
    cost = trainer.train_epoch(1.0);
  const Prediction<double> p = predict(model, data.X, data.Y);
  std::printf("xor: cost %.17g at epoch 4999, accuracy %g%%\n", cost, p.accuracy_percent);
}
