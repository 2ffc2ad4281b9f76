// Beyond the article: the same graphs on real pictures. Fashion-MNIST holds 28×28 grey
// images of ten kinds of clothing, 60,000 to learn from and 10,000 to test on. Each image is
// a column of 784 pixels in [0, 1]; its label is a class index 0…9.
//
//   X ──► Linear(784→256) ──► ReLU ──► Linear(256→128) ──► ReLU ──► Linear(128→10) ──► softmax
//
// ReLU hidden layers with He initialisation, softmax cross-entropy computed from the logits,
// mini-batches of 128 shuffled every epoch, Adam with learning rate 0.001.
//
//   example_fashion_mnist [epochs [dir]]    3 epochs, /usr/share/datasets/fashion-mnist
//
// The data come from the Debian package dataset-fashion-mnist. Without it the program says
// so and exits with 77, the code ctest counts as skipped.
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "scratchnet/scratchnet.hpp"

using namespace scratchnet;

int main(int argc, char** argv) {
  const int epochs = argc > 1 ? std::atoi(argv[1]) : 3;
  const std::filesystem::path dir = argc > 2 ? argv[2] : default_fashion_mnist_dir();
  if (epochs < 1) {
    std::fprintf(stderr, "usage: example_fashion_mnist [epochs [dir]]  (epochs ≥ 1)\n");
    return 2;
  }
  if (!std::filesystem::is_directory(dir)) {
    std::printf("skipped: no %s (apt-get install dataset-fashion-mnist)\n", dir.c_str());
    return 77;
  }

  try {
    const TrainTestSplit<float> data = load_fashion_mnist<float>(dir);
    std::printf("%ld training and %ld test images of %ld pixels\n", long(data.train.X.cols()),
                long(data.test.X.cols()), long(data.train.X.rows()));

    // 784-256-128-10: Linear+ReLU twice, then Linear+softmax (make_network picks the softmax
    // from the loss). Seeded, so a run can be repeated.
    NumpyRandom rng(1);
    Sequential<float> model = make_network<float>({.n_inputs = 784,
                                                   .hidden = {256, 128},
                                                   .activation = "relu",
                                                   .n_outputs = 10,
                                                   .init = Init::he,
                                                   .loss = Loss::softmax_ce},
                                                  rng);
    std::printf("%s\n", model.describe().c_str());

    // The graph of one batch is built once; every epoch visits all batches in a new order.
    const TrainOptions options{.learning_rate = 1e-3,
                               .epochs = epochs,
                               .loss = Loss::softmax_ce,
                               .batch_size = 128,
                               .optimizer = "adam"};
    Trainer<float> trainer(model, data.train.X, data.train.Y, options);
    const auto optimizer = make_optimizer(model.parameters(), options.optimizer_options());
    Prediction<float> test;
    for (int epoch = 1; epoch <= epochs; ++epoch) {
      const float cost = trainer.train_epoch(*optimizer);
      test = predict(model, data.test.X, data.test.Y);  // arg-max of the softmax per image
      std::printf("epoch %d: mean cost %.4f, test accuracy %.2f%%\n", epoch, cost,
                  test.accuracy_percent);
    }

    // The first few test images: the network's guess and the truth.
    const std::vector<std::string> names = fashion_mnist_class_names();
    for (Index j = 0; j < 5; ++j)
      std::printf("test image %ld: %-11s (is %s)\n", long(j),
                  names[size_t(test.labels(0, j))].c_str(),
                  names[size_t(data.test.Y(0, j))].c_str());
    std::printf("accuracy %.2f%%\n", test.accuracy_percent);
  } catch (const Error& e) {
    std::fprintf(stderr, "example_fashion_mnist: %s\n", e.what());
    return 1;
  }
}
