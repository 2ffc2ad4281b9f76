// The generated sets of points: same seed, same points; each shape's labels where its
// definition puts them; noise and points checked; a RunConfig that asks for them.
#include <gtest/gtest.h>

#include <cmath>

#include "scratchnet/data/plane.hpp"
#include "scratchnet/run/session.hpp"

namespace scratchnet::testing {
namespace {

TEST(PlaneData, TheSameSeedDrawsTheSamePointsAndAnotherSeedOthers) {
  for (const std::string& name : plane_names()) {
    const Dataset<double> a = plane_dataset<double>(name, {100, 0.1, 7});
    const Dataset<double> b = plane_dataset<double>(name, {100, 0.1, 7});
    const Dataset<double> c = plane_dataset<double>(name, {100, 0.1, 8});
    EXPECT_EQ(a.X, b.X) << name;
    EXPECT_EQ(a.Y, b.Y) << name;
    EXPECT_NE(a.X, c.X) << name;
    EXPECT_EQ(a.X.rows(), 2) << name;
    EXPECT_EQ(a.X.cols(), 100) << name;
    EXPECT_EQ(a.feature_names, (std::vector<std::string>{"x1", "x2"})) << name;
  }
}

TEST(PlaneData, WithoutNoiseEachShapeLabelsItsPointsAsItsDefinitionSays) {
  const Dataset<double> circle = plane_dataset<double>("circle", {200, 0, 1});
  const Dataset<double> quadrants = plane_dataset<double>("quadrants", {200, 0, 1});
  for (Index i = 0; i < 200; ++i) {
    const double r = std::hypot(circle.X(0, i), circle.X(1, i));
    EXPECT_EQ(circle.Y(0, i), r < 0.5 ? 1 : 0) << i;
    EXPECT_TRUE(r < 0.5 || (r >= 0.7 && r <= 1)) << r;
    const bool opposite = (quadrants.X(0, i) > 0) != (quadrants.X(1, i) > 0);
    EXPECT_EQ(quadrants.Y(0, i), opposite ? 1 : 0) << i;
  }
  const Dataset<double> blobs = plane_dataset<double>("blobs3", {30, 0, 1});
  EXPECT_EQ(blobs.Y.maxCoeff(), 2);
  EXPECT_EQ(blobs.Y.minCoeff(), 0);
}

TEST(PlaneData, NoiseMovesThePointsAndNotTheLabels) {
  const Dataset<double> clean = plane_dataset<double>("spiral", {200, 0, 3});
  const Dataset<double> noisy = plane_dataset<double>("spiral", {200, 0.2, 3});
  EXPECT_EQ(clean.Y, noisy.Y);
  const double spread = (noisy.X - clean.X).array().square().mean();
  EXPECT_GT(spread, 0.01);
  EXPECT_LT(spread, 0.09);
}

TEST(PlaneData, PointsAndNoiseOutOfRangeAreRefusedByName) {
  EXPECT_THROW(plane_dataset<double>("circle", {2, 0, 0}), FieldError);
  EXPECT_THROW(plane_dataset<double>("circle", {200, -0.1, 0}), FieldError);
  EXPECT_THROW(plane_dataset<double>("circle", {200, NAN, 0}), FieldError);
  EXPECT_THROW(plane_dataset<double>("moon", {}), UsageError);
}

TEST(PlaneData, ARunConfigDrawsItsSetAndRefusesNoiseOnAFixedOne) {
  RunConfig config =
      run_config_from_json(R"({"data": "gaussians", "points": 50, "noise": 0.1, "data_seed": 4,
                               "validation_split": 0.2, "epochs": 10})");
  Session<double> session(config);
  EXPECT_EQ(session.setup().data.X.cols(), 40);
  ASSERT_TRUE(session.setup().test.has_value());
  EXPECT_EQ(session.setup().test->X.cols(), 10);

  try {
    Session<double> fixed(run_config_from_json(R"({"data": "xor", "noise": 0.1})"));
    FAIL() << "noise on xor was accepted";
  } catch (const FieldError& e) {
    EXPECT_EQ(e.message([](std::string_view f) { return std::string(f); }),
              "noise: only a generated set of points takes it, but data xor is fixed");
  }
}

TEST(PlaneData, ACsvGivenAsTextTrainsAsTheFileWould) {
  RunConfig config;
  config.data = "upload.csv";
  config.data_text = "a,b,label\n0,0,0\n0,1,1\n1,0,1\n1,1,1\n";
  config.epochs = 3;
  Session<double> session(config);
  EXPECT_EQ(session.setup().data.X.cols(), 4);
  EXPECT_EQ(session.setup().data.feature_names, (std::vector<std::string>{"a", "b"}));
  config.data_text = "a,b,label\n0,zero,0\n";
  try {
    Session<double> bad(config);
    FAIL() << "a text feature was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("upload.csv"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace scratchnet::testing
