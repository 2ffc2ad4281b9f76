// The run's report as text (run/report.hpp): the first predictions, the accuracy, the
// confusion matrix and the learning curve's title.
#include "scratchnet/run/report.hpp"

#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

TEST(Report, PredictionsShowTheFirstExamplesAndSayHowManyMore) {
  Dataset<double> data;
  data.feature_names = {"x1", "x2"};
  data.X = Matrix<double>::Zero(2, 25);
  data.Y = Matrix<double>::Zero(1, 25);
  data.X(0, 1) = 0.25;
  Prediction<double> p{Matrix<double>::Constant(1, 25, 0.125), Matrix<double>::Zero(1, 25), 100};
  const std::string text = format_predictions(data, p);
  EXPECT_NE(text.find("      x1       x2        y  probability  label\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("     0.25        0        0     0.125000      0\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("… 5 more (all in predictions.csv with --out)"), std::string::npos) << text;
}

// A feature's name is printed whole, however long (a fixed buffer once cut it short).
TEST(Report, ALongFeatureNameIsPrintedWhole) {
  Dataset<double> data;
  const std::string long_name(2000, 'f');
  data.feature_names = {long_name};
  data.X = Matrix<double>::Zero(1, 1);
  data.Y = Matrix<double>::Zero(1, 1);
  Prediction<double> p{Matrix<double>::Zero(1, 1), Matrix<double>::Zero(1, 1), 100};
  EXPECT_NE(format_predictions(data, p).find(" " + long_name + "        y"), std::string::npos);
}

TEST(Report, AccuracyAndConfusionMatrix) {
  Dataset<double> data;
  data.X = Matrix<double>::Zero(1, 4);
  data.Y = (Matrix<double>(1, 4) << 0, 1, 1, 0).finished();
  Prediction<double> p{Matrix<double>::Zero(1, 4), (Matrix<double>(1, 4) << 0, 1, 0, 0).finished(),
                       75};
  EXPECT_EQ(format_accuracy("accuracy", data, p), "accuracy 75% (3 of 4 correct)\n");
  EXPECT_EQ(format_confusion({{2, 0}, {1, 1}}, {"no", "yes"}),
            "\nconfusion matrix (rows: actual, columns: predicted)\n"
            "                    0      1\n"
            " 0 no               2      0\n"
            " 1 yes              1      1\n");
}

TEST(Report, TheLearningCurvesTitleNamesTheRateTheDataAndTheNetwork) {
  RunConfig config;
  config.learning_rate = 0.5;
  EXPECT_EQ(learning_curve_title(config, "or"), "Learning rate = 0.5  (or, one layer)");
  config.hidden = {5, 3};
  config.activation = {"leaky-relu", {{"negative_slope", 0.2}}};
  EXPECT_EQ(learning_curve_title(config, "xor"),
            "Learning rate = 0.5  (xor, hidden 5,3, leaky-relu negative_slope 0.2)");
  config.hidden = {3};
  config.activation = "sigmoid";
  EXPECT_EQ(learning_curve_title(config, "xor"), "Learning rate = 0.5  (xor, hidden 3, sigmoid)");
}

}  // namespace
}  // namespace scratchnet::testing
