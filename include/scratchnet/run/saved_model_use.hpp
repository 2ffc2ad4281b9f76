// A saved model used again — `scratchnet predict` and `evaluate`, the page, Python: its
// outputs for new inputs, and the model measured on labelled data with its own loss.
#pragma once

#include <string>
#include <vector>

#include "scratchnet/data/data.hpp"
#include "scratchnet/io/model_file.hpp"
#include "scratchnet/train/train.hpp"

namespace scratchnet {

// Refuses data whose raw features are not the model's, same names in the same order (other
// columns would meet the wrong weights silently). DataError, or UsageError when
// `named_by_user` (a built-in dataset named by a flag): "<source>: has 3 columns (a, b, c)
// but the model expects 2 (x1, x2)"; `what` names a column ("column", "feature").
void check_model_features(const SavedModel<double>& saved, const std::vector<std::string>& has,
                          const std::string& source, const std::string& what,
                          bool named_by_user = false);

// The model's outputs for raw inputs (features × m; examples are columns), its crosses
// applied first as in training: one row, the probability of class 1 (a sigmoid), or one row
// per class (a softmax).
Matrix<double> model_probabilities(SavedModel<double>& saved, const Matrix<double>& raw_X);

// The predicted class of each example: 1 where the probability is ≥ 0.5 (one output), else
// the most probable class.
Matrix<double> model_labels(const SavedModel<double>& saved, const Matrix<double>& probabilities);

// Names for a one-line message or listing: control bytes as \xHH, and a long list cut to
// its first names and its last ("pixel0, pixel1, …, pixel783").
std::string name_list(const std::vector<std::string>& names);

struct ModelEvaluation {
  const LossEntry* loss = nullptr;  // the model's own: its cost_name and formula
  double cost = 0;                  // computed by the graph operation training uses
  Prediction<double> prediction;
  std::vector<std::vector<long>> confusion;  // [actual][predicted], K × K
};

// The model on labelled raw data (its features checked by the caller): the cost of its own
// loss, the accuracy and the confusion matrix over its classes. DataError naming the example
// when a label does not fit the model (a class index it does not have).
ModelEvaluation evaluate_model(SavedModel<double>& saved, const Dataset<double>& data);

}  // namespace scratchnet
