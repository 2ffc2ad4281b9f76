// The article's first network: OR with one layer, by hand-picked weights w = [0.1, 0.6],
// b = 0, learning rate 1 — then 5000 epochs of batch gradient descent.
//
//   x₁, x₂ ──► Z = W·X + b ──► Ŷ = σ(Z) ──► C = 1/(2m)·Σ(Y − Ŷ)²
#include "print_result.hpp"

using namespace scratchnet;

int main() {
  // The OR gate: the four examples are the columns of X (2 × 4); Y is 1 × 4.
  const Dataset<double> data = gate_dataset<double>("or");

  // One linear layer with the article's weights, then the sigmoid.
  Matrix<double> W(1, 2), b(1, 1);
  W << 0.1, 0.6;
  b << 0.0;
  Sequential<double> model;
  LinearLayer<double>& Z1 = model.add<LinearLayer<double>>(W, b);
  model.add<SigmoidLayer<double>>();

  // The graph is built once; each step is forward, cost, backward, update_params.
  Trainer<double> trainer(model, data.X, data.Y);
  const double learning_rate = 1;
  for (int epoch = 0; epoch < 5000; ++epoch) {
    const double cost = trainer.train_epoch(learning_rate);
    if (epoch % 1000 == 0 || epoch == 4999) example::print_cost(epoch, cost);
    // After the first step: ∂C/∂W ≈ [−0.048, −0.039], ∂C/∂b ≈ −0.037 (cost 0.0889 → 0.0840).
    if (epoch == 0)
      std::printf("  dW = [%.6f, %.6f], db = %.6f\n", Z1.dW()(0, 0), Z1.dW()(0, 1), Z1.db()(0, 0));
  }
  std::printf("W = [%.4f, %.4f], b = %.4f\n", Z1.W()(0, 0), Z1.W()(0, 1), Z1.b()(0, 0));
  example::print_prediction(predict(model, data.X, data.Y));
}
