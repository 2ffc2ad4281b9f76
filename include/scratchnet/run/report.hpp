// A run's results as text for a person: the first predictions as a table, the accuracy,
// the confusion matrix and the learning curve's title. Front-ends print these as they are (the
// CLI's train report).
#pragma once

#include <string>
#include <vector>

#include "scratchnet/data/data.hpp"
#include "scratchnet/run/config.hpp"
#include "scratchnet/train/train.hpp"

namespace scratchnet {

// The first 20 examples: features, y, probability, label (and how many more there are).
template <class T>
std::string format_predictions(const Dataset<T>& data, const Prediction<T>& p);
// "accuracy 100% (4 of 4 correct)", `what` first.
template <class T>
std::string format_accuracy(const char* what, const Dataset<T>& data, const Prediction<T>& p);
// Rows actual, columns predicted, each row labelled with its class name where there is one.
std::string format_confusion(const std::vector<std::vector<long>>& counts,
                             const std::vector<std::string>& names);

// The learning curve's title: "Learning rate = 1  (xor, hidden 3, sigmoid)", or
// "(or, one layer)" for a network without hidden layers.
std::string learning_curve_title(const RunConfig& config, const std::string& data_name);

}  // namespace scratchnet
