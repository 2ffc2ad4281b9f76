// An output folder never holds a mix of two runs: a folder with another run's files is
// refused, and nothing in it changes; with force (--force) that run's files are removed
// first, and only the new run's remain. Files that are not a run's are never touched.
#include <map>

#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

// Every file of a folder and its bytes.
std::map<std::string, std::string> contents(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    files[entry.path().filename().string()] = read_file(entry.path());
  return files;
}

std::vector<std::string> names(const std::map<std::string, std::string>& files) {
  std::vector<std::string> out;
  for (const auto& [name, bytes] : files)
    out.push_back(name);
  return out;
}

TEST(OutFolder, AnotherRunsFolderIsRefusedAndLeftAsItWas) {
  const auto dir = temp_folder("out_refused");
  const auto out = dir / "run";
  ASSERT_EQ(run_cli("train --data xor --hidden 3 --epochs 50 --graph --quiet --out " + out.string())
                .exit_code,
            0);
  std::ofstream(out / "notes.txt") << "mine\n";
  const auto before = contents(out);
  ASSERT_TRUE(before.count("graph.svg") && before.count("decision_boundary.png"));

  const CliResult again = run_cli("train --data or --epochs 10 --quiet --out " + out.string());
  EXPECT_EQ(again.exit_code, 2) << again.err;
  EXPECT_EQ(again.err, "scratchnet: error: --out: " + out.string() +
                           " holds another run's files (costs.csv, decision_boundary.png, "
                           "decision_boundary_shaded.png, graph.svg, learning_curve.png, "
                           "metrics.json, … (9 files)); choose another folder, or add --force to "
                           "replace that run (its files are removed first)\n");
  EXPECT_EQ(contents(out), before);
  std::filesystem::remove_all(dir);
}

TEST(OutFolder, ForceReplacesTheRunAndKeepsFilesThatAreNotARuns) {
  const auto dir = temp_folder("out_forced");
  const auto out = dir / "run";
  ASSERT_EQ(run_cli("train --data xor --hidden 3 --epochs 50 --graph --quiet --out " + out.string())
                .exit_code,
            0);
  std::ofstream(out / "notes.txt") << "mine\n";
  // The new run has three features: no graph, no decision boundary.
  std::string csv;
  for (int f = 0; f < 3; ++f)
    csv += "f" + std::to_string(f) + ",";
  csv += "y\n1,2,3,0\n3,2,1,1\n";
  std::ofstream(dir / "d.csv") << csv;
  const CliResult forced = run_cli("train --data " + (dir / "d.csv").string() +
                                   " --target y --epochs 10 --quiet --force --out " + out.string());
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  const auto after = contents(out);
  EXPECT_EQ(names(after), (std::vector<std::string>{"costs.csv", "learning_curve.png",
                                                    "metrics.json", "model.json", "notes.txt",
                                                    "params.json", "predictions.csv"}));
  EXPECT_EQ(after.at("notes.txt"), "mine\n");
  EXPECT_NE(after.at("model.json").find("\"f0\", \"f1\", \"f2\""), std::string::npos);
  std::filesystem::remove_all(dir);
}

// The library's side: a Session refuses the folder naming the field, and run_files_in sees
// only a run's files (and their temporaries).
TEST(OutFolder, TheLibraryNamesTheFieldAndKnowsARunsFiles) {
  const auto dir = temp_folder("out_library");
  for (const char* name : {"model.json", "costs.csv.tmp.12.34", "learning_rate_sweep.svg",
                           "decision_regions.png", "notes.txt", "model.json.bak", "data.csv"})
    std::ofstream(dir / name) << "x";
  EXPECT_EQ(run_files_in(dir),
            (std::vector<std::string>{"costs.csv.tmp.12.34", "decision_regions.png",
                                      "learning_rate_sweep.svg", "model.json"}));
  RunConfig config;
  config.data = "or";
  config.out = dir.string();
  try {
    Session<double> session(config);
    ADD_FAILURE() << "accepted a folder holding another run";
  } catch (const FieldError& e) {
    EXPECT_EQ(e.field(), "out");
    EXPECT_NE(e.message([](std::string_view f) {
                 return "<" + std::string(f) + ">";
               }).find("or add <force> to replace that run"),
              std::string::npos)
        << e.what();
  }
  config.force = true;
  Session<double> session(config);
  EXPECT_EQ(run_files_in(dir), std::vector<std::string>{});
  EXPECT_TRUE(std::filesystem::exists(dir / "notes.txt"));
  EXPECT_TRUE(std::filesystem::exists(dir / "model.json.bak"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace scratchnet::testing
