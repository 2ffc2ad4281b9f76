// Checkpoints and resume: a run killed at any point and resumed ends with the same bytes as
// one never interrupted; Ctrl-C saves a checkpoint; a checkpoint of other settings, or a
// damaged one, is refused. Plus the library pieces the CLI builds on: optimiser, generator
// and trainer state.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <sstream>

#include "test_util.hpp"

extern char** environ;

namespace scratchnet::testing {
namespace {

// How a child process ended: an exit code, or the signal that killed it.
struct Ended {
  int exit_code = -1;  // -1: killed by a signal
  int signal = 0;
  std::string out, err;
};

std::vector<std::string> words(const std::string& text) {
  std::istringstream in(text);
  std::vector<std::string> result;
  for (std::string w; in >> w;)
    result.push_back(w);
  return result;
}

Ended ended_from(int status, std::string out, std::string err) {
  Ended e;
  if (WIFEXITED(status)) e.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) e.signal = WTERMSIG(status);
  e.out = std::move(out);
  e.err = std::move(err);
  return e;
}

// Starts `scratchnet <args>` with SCRATCHNET_FAULT=`fault` (if not empty), its stdout in
// `out_file`, its stderr on a pipe whose read end is returned: a paused run says so there.
pid_t spawn_cli(const std::string& args, const std::string& fault,
                const std::filesystem::path& out_file, int& stderr_read) {
  std::vector<std::string> argv_text = words(args);
  argv_text.insert(argv_text.begin(), SCRATCHNET_CLI);
  std::vector<char*> argv;
  for (std::string& a : argv_text)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_text;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "SCRATCHNET_FAULT=", 17) != 0) env_text.emplace_back(*e);
  if (!fault.empty()) env_text.push_back("SCRATCHNET_FAULT=" + fault);
  std::vector<char*> envp;
  for (std::string& e : env_text)
    envp.push_back(e.data());
  envp.push_back(nullptr);

  int pipe_fds[2];
  EXPECT_EQ(::pipe(pipe_fds), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 2);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
  posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
  posix_spawn_file_actions_addopen(&actions, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  pid_t pid = -1;
  EXPECT_EQ(posix_spawn(&pid, SCRATCHNET_CLI, &actions, nullptr, argv.data(), envp.data()), 0);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[1]);
  stderr_read = pipe_fds[0];
  return pid;
}

// Reads `fd` until its end, or until `until` (if not empty) has appeared in what was read.
std::string read_until(int fd, const std::string& until = "") {
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) {
    text.append(buffer, static_cast<size_t>(n));
    if (!until.empty() && text.find(until) != std::string::npos) break;
  }
  return text;
}

// Reads the rest of the child's stderr from `fd`, waits for its end, then reads its stdout.
Ended wait_for(pid_t pid, int fd, std::string err, const std::filesystem::path& out_file) {
  err += read_until(fd);
  ::close(fd);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return ended_from(status, read_file(out_file), std::move(err));
}

std::filesystem::path temporary_out_file() {
  return std::filesystem::temp_directory_path() / ("scratchnet_out_" + unique_suffix());
}

// Runs `scratchnet <args>` to its end, with fault injection `fault`.
Ended run(const std::string& args, const std::string& fault = "") {
  const auto out_file = temporary_out_file();
  int fd = -1;
  const pid_t pid = spawn_cli(args, fault, out_file, fd);
  Ended e = wait_for(pid, fd, "", out_file);
  std::filesystem::remove(out_file);
  return e;
}

// Runs `scratchnet <args>` with SCRATCHNET_FAULT=pause-after-epochs:`epochs`: once it says
// on stderr that it waits there, mid-run, it is sent `signal` from outside. Waits on nothing
// but what the run writes; a run that never pauses is a failure (and is not waited on).
Ended signal_when_paused(const std::string& args, int epochs, int signal) {
  const auto out_file = temporary_out_file();
  int fd = -1;
  const pid_t pid = spawn_cli(args, "pause-after-epochs:" + std::to_string(epochs), out_file, fd);
  const std::string marker = "paused after " + std::to_string(epochs) + " epochs";
  std::string err = read_until(fd, marker);
  if (err.find(marker) != std::string::npos)
    ::kill(pid, signal);
  else
    ADD_FAILURE() << "the run ended without pausing after " << epochs
                  << " epochs: the training loop must call cli::act_after_epoch(fault, done) "
                     "(apps/scratchnet/fault.hpp); stderr: "
                  << err;
  Ended e = wait_for(pid, fd, std::move(err), out_file);
  std::filesystem::remove(out_file);
  return e;
}

std::string describe(const Ended& e) {
  return "exit " + std::to_string(e.exit_code) + ", signal " + std::to_string(e.signal) +
         ", stderr: " + e.err;
}

// The files of an interrupted write (<name>.tmp.<pid>.<random>) in `dir`.
std::vector<std::string> temporaries(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.path().filename().string().find(".tmp.") != std::string::npos)
      names.push_back(entry.path().filename().string());
  return names;
}

// A small two-class CSV of `rows` points, not a multiple of the batch sizes used, so that
// every epoch ends with a smaller batch.
std::filesystem::path write_points_csv(const std::filesystem::path& dir, int rows) {
  const auto path = dir / "points.csv";
  std::ofstream out(path);
  out << "x1,x2,y\n";
  for (int j = 0; j < rows; ++j) {
    const int k = j % 2;
    const double dx = 0.1 * ((j * 7) % 11 - 5), dy = 0.1 * ((j * 5) % 9 - 4);
    out << (k ? 1.5 : -1.5) + dx << "," << (k ? 1.0 : -0.5) + dy << "," << k << "\n";
  }
  return path;
}

class Checkpoints : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = temp_folder("checkpoint"); }
  void TearDown() override {
    if (!HasFailure()) std::filesystem::remove_all(dir_);
  }

  // The uninterrupted run of `flags` into a folder of its own, once per flags.
  std::filesystem::path reference(const std::string& flags) {
    const auto out = dir_ / ("reference" + std::to_string(++folders_));
    const Ended e = run(flags + " --out " + out.string());
    EXPECT_EQ(e.exit_code, 0) << describe(e);
    EXPECT_FALSE(read_file(out / "model.json").empty());
    return out;
  }

  // costs.csv and model.json of `out` are those of `expected`, and nothing of the
  // checkpoint is left.
  void expect_same_result(const std::filesystem::path& out, const std::filesystem::path& expected,
                          const std::string& what) {
    const std::string model = read_file(out / "model.json");
    EXPECT_FALSE(model.empty()) << what;
    EXPECT_EQ(model, read_file(expected / "model.json")) << what;
    EXPECT_EQ(read_file(out / "costs.csv"), read_file(expected / "costs.csv")) << what;
    EXPECT_FALSE(std::filesystem::exists(out / "checkpoint.json")) << what;
    EXPECT_EQ(temporaries(out), std::vector<std::string>{}) << what;
  }

  // Runs `flags` with each fault of `faults` in turn (the first run fresh, the others
  // resuming), each ended by SIGKILL, then resumes once more to the end; the result must be
  // the uninterrupted run's, byte for byte.
  void kill_and_resume(const std::string& flags, const std::vector<std::string>& faults,
                       const std::filesystem::path& expected) {
    const auto out = dir_ / ("run" + std::to_string(++folders_));
    std::string what;
    for (size_t i = 0; i < faults.size(); ++i) {
      what += (what.empty() ? "" : ", then ") + faults[i];
      const Ended killed =
          run(flags + (i == 0 ? " --out " : " --resume ") + out.string(), faults[i]);
      ASSERT_EQ(killed.signal, SIGKILL) << what << ": " << describe(killed);
    }
    const Ended resumed = run(flags + " --resume " + out.string());
    ASSERT_EQ(resumed.exit_code, 0) << what << ": " << describe(resumed);
    expect_same_result(out, expected, what);
  }

  std::filesystem::path dir_;
  int folders_ = 0;
};

// The article's XOR network, full batch: killed before the first checkpoint, right after
// one, between two, during a checkpoint's write (whole or half written), after the last
// epoch, after the final outputs; and killed twice.
TEST_F(Checkpoints, KilledFullBatchXorRunsResumeToTheSameBytes) {
  const std::string flags =
      "train --data xor --hidden 3 --init xavier --seed 48 --lr 1 --epochs 2000 --quiet "
      "--checkpoint-every 250";
  const auto expected = reference(flags);
  // Checkpoints change nothing: the same bytes as a run that writes none.
  const auto plain =
      reference("train --data xor --hidden 3 --init xavier --seed 48 --lr 1 --epochs 2000 --quiet");
  EXPECT_EQ(read_file(plain / "model.json"), read_file(expected / "model.json"));
  EXPECT_EQ(read_file(plain / "costs.csv"), read_file(expected / "costs.csv"));
  for (const std::vector<std::string>& faults : std::vector<std::vector<std::string>>{
           {"kill-after-epochs:1"},
           {"kill-after-epochs:250"},
           {"kill-after-epochs:777"},
           {"kill-during-checkpoint-write:1"},
           {"kill-during-checkpoint-write:3"},
           {"kill-mid-checkpoint-write:2"},
           {"kill-after-epochs:2000"},
           {"kill-before-checkpoint-removal"},
           {"kill-during-checkpoint-write:2", "kill-after-epochs:1600",
            "kill-during-checkpoint-write:1"}})
    kill_and_resume(flags, faults, expected);
}

// Mini-batches with a smaller last batch, Adam and a step decay: the shuffle generator, the
// example order and Adam's moments and step count all carry over. Both number types.
TEST_F(Checkpoints, KilledMiniBatchAdamRunsResumeToTheSameBytes) {
  const auto csv = write_points_csv(dir_, 45);
  for (const char* dtype : {"float64", "float32"}) {
    const std::string flags = "train --data " + csv.string() +
                              " --hidden 5 --activation relu --init he --loss bce --optimizer "
                              "adam --lr 0.01 --lr-decay step --lr-gamma 0.5 --lr-step 7 "
                              "--batch 8 --epochs 30 --threads 1 --quiet --checkpoint-every 4 "
                              "--dtype " +
                              std::string(dtype);
    const auto expected = reference(flags);
    for (const std::vector<std::string>& faults : std::vector<std::vector<std::string>>{
             {"kill-after-epochs:6"},
             {"kill-after-epochs:8"},
             {"kill-during-checkpoint-write:2"},
             {"kill-mid-checkpoint-write:5", "kill-after-epochs:27"}})
      kill_and_resume(flags, faults, expected);
  }
}

// Momentum's velocities carry over too.
TEST_F(Checkpoints, KilledMiniBatchMomentumRunResumesToTheSameBytes) {
  const auto csv = write_points_csv(dir_, 45);
  const std::string flags = "train --data " + csv.string() +
                            " --hidden 4 --loss mse --optimizer momentum --lr 0.1 --batch 10 "
                            "--epochs 20 --l2 0.001 --threads 1 --quiet --checkpoint-every 3";
  kill_and_resume(flags, {"kill-after-epochs:10", "kill-during-checkpoint-write:1"},
                  reference(flags));
}

// SIGKILL from outside, sent while the run is paused mid-run (between two checkpoints, not
// at a point the run kills itself): twice, once on the first run and once on the resumed
// one. What was checkpointed before each kill is all there (the resume says where it
// starts), and the end is the uninterrupted run's, byte for byte. (A kill while a checkpoint
// is written is kill-during-checkpoint-write above.)
TEST_F(Checkpoints, KilledFromOutsideMidRunResumesToTheSameBytes) {
  const std::string flags =
      "train --data xor --hidden 3 --init xavier --seed 48 --lr 1 --epochs 20000 "
      "--log-every 100 --checkpoint-every 300";
  const auto expected = reference(flags);
  const auto out = dir_ / "outside_kill";
  const Ended first = signal_when_paused(flags + " --out " + out.string(), 3100, SIGKILL);
  EXPECT_EQ(first.signal, SIGKILL) << describe(first);
  EXPECT_TRUE(std::filesystem::exists(out / "checkpoint.json"));
  EXPECT_FALSE(std::filesystem::exists(out / "model.json"));
  const Ended second = signal_when_paused(flags + " --resume " + out.string(), 12000, SIGKILL);
  EXPECT_EQ(second.signal, SIGKILL) << describe(second);
  EXPECT_NE(second.out.find("resume   from " + (out / "checkpoint.json").string() +
                            ": 3000 of 20000 epochs done"),
            std::string::npos)
      << second.out;
  const Ended last = run(flags + " --resume " + out.string());
  ASSERT_EQ(last.exit_code, 0) << describe(last);
  EXPECT_NE(last.out.find(": 12000 of 20000 epochs done"), std::string::npos) << last.out;
  expect_same_result(out, expected, "killed from outside twice, mid-run");
  // The resumed run prints the whole log, as the uninterrupted run did.
  EXPECT_NE(last.out.find("\n       0  "), std::string::npos) << last.out;
  EXPECT_NE(last.out.find("\n   19999  "), std::string::npos) << last.out;
}

// Ctrl-C: training stops at the next epoch, saves a checkpoint (even without
// --checkpoint-every), says how to resume, exits 130; the resumed run ends identically.
TEST_F(Checkpoints, SigintSavesACheckpointAndExits130) {
  const auto csv = write_points_csv(dir_, 45);
  const std::string flags = "train --data " + csv.string() +
                            " --hidden 5 --loss bce --optimizer adam --lr 0.01 --batch 8 "
                            "--epochs 25 --threads 1 --quiet";
  const auto expected = reference(flags);
  const auto out = dir_ / "sigint";
  const Ended stopped = run(flags + " --out " + out.string(), "sigint-after-epochs:11");
  ASSERT_EQ(stopped.exit_code, 130) << describe(stopped);
  EXPECT_NE(stopped.err.find("interrupted after 11 of 25 epochs"), std::string::npos)
      << stopped.err;
  EXPECT_NE(stopped.err.find("--resume " + out.string()), std::string::npos) << stopped.err;
  EXPECT_EQ(std::count(stopped.err.begin(), stopped.err.end(), '\n'), 1) << stopped.err;
  EXPECT_TRUE(std::filesystem::exists(out / "checkpoint.json"));
  EXPECT_FALSE(std::filesystem::exists(out / "model.json"));
  const Ended resumed = run(flags + " --resume " + out.string());
  ASSERT_EQ(resumed.exit_code, 0) << describe(resumed);
  expect_same_result(out, expected, "after Ctrl-C");
}

// A real SIGINT from outside (kill(), as a terminal's Ctrl-C sends it), while the run is
// paused mid-run: it stops before the next epoch, saves a checkpoint without
// --checkpoint-every, exits 130, and the resumed run ends with the uninterrupted one's bytes.
TEST_F(Checkpoints, SigintFromOutsideMidRunSavesACheckpointAndResumesToTheSameBytes) {
  const std::string flags =
      "train --data xor --hidden 3 --init xavier --seed 48 --lr 1 --epochs 20000 "
      "--log-every 100";
  const auto expected = reference(flags);
  const auto out = dir_ / "sigint";
  const Ended stopped = signal_when_paused(flags + " --out " + out.string(), 4000, SIGINT);
  ASSERT_EQ(stopped.exit_code, 130) << describe(stopped);
  EXPECT_NE(stopped.err.find("interrupted after 4000 of 20000 epochs; checkpoint saved in " +
                             (out / "checkpoint.json").string()),
            std::string::npos)
      << stopped.err;
  EXPECT_EQ(std::count(stopped.err.begin(), stopped.err.end(), '\n'), 2)
      << "the pause's line and the interruption's: " << stopped.err;
  EXPECT_TRUE(std::filesystem::exists(out / "checkpoint.json"));
  EXPECT_FALSE(std::filesystem::exists(out / "model.json"));
  const Ended resumed = run(flags + " --resume " + out.string());
  ASSERT_EQ(resumed.exit_code, 0) << describe(resumed);
  EXPECT_NE(resumed.out.find(": 4000 of 20000 epochs done"), std::string::npos) << resumed.out;
  expect_same_result(out, expected, "after an outside SIGINT");
}

TEST_F(Checkpoints, SigintWithoutOutSaysNothingIsSaved) {
  const Ended e = run("train --data xor --hidden 3 --epochs 500 --quiet", "sigint-after-epochs:5");
  EXPECT_EQ(e.exit_code, 130) << describe(e);
  EXPECT_NE(e.err.find("interrupted after 5 of 500 epochs; nothing saved"), std::string::npos)
      << e.err;
}

// A resumed run must have the checkpoint's settings: another one is refused, named.
TEST_F(Checkpoints, ResumingWithOtherSettingsIsRefusedNamingTheFlag) {
  const auto csv = write_points_csv(dir_, 45);
  const std::string base =
      "train --data " + csv.string() + " --loss bce --optimizer adam --batch 8 --quiet";
  const std::string same = " --lr 0.01 --epochs 25 --hidden 5 --threads 1";
  const std::string flags = base + same;
  const auto out = dir_ / "other";
  ASSERT_EQ(run(flags + " --out " + out.string(), "sigint-after-epochs:3").exit_code, 130);
  const std::string checkpoint = read_file(out / "checkpoint.json");
  const std::vector<std::pair<std::string, std::string>> changes = {
      {" --lr 0.02 --epochs 25 --hidden 5 --threads 1",
       "--lr: the checkpoint was made with 0.01, this run has 0.02"},
      {" --lr 0.01 --epochs 30 --hidden 5 --threads 1",
       "--epochs: the checkpoint was made with 25, this run has 30"},
      {" --lr 0.01 --epochs 25 --hidden 6 --threads 1",
       "--hidden: the checkpoint was made with 5, this run has 6"},
      {" --lr 0.01 --epochs 25 --hidden 5 --threads 2",
       "--threads: the checkpoint was made with 1, this run has 2"},
      {same + " --seed 7", "--seed: the checkpoint was made with 48, this run has 7"},
      {same + " --beta1 0.8", "--beta1: the checkpoint was made with 0.9, this run has 0.8"},
      {same + " --log-every 5", "--log-every: the checkpoint was made with 1, this run has 5"},
      {same + " --dtype float32", "holds float64 numbers, this run uses float32 (--dtype)"},
  };
  for (const auto& [change, expected] : changes) {
    const Ended e = run(base + change + " --resume " + out.string());
    EXPECT_EQ(e.exit_code, 2) << change << ": " << describe(e);
    EXPECT_NE(e.err.find(expected), std::string::npos) << change << ": " << e.err;
    EXPECT_EQ(std::count(e.err.begin(), e.err.end(), '\n'), 1) << e.err;
  }
  // The data changed in place, under the same name.
  write_points_csv(dir_, 46);
  const Ended data = run(flags + " --resume " + out.string());
  EXPECT_EQ(data.exit_code, 2) << describe(data);
  EXPECT_NE(data.err.find("training data"), std::string::npos) << data.err;
  // Nothing refused was touched.
  EXPECT_EQ(read_file(out / "checkpoint.json"), checkpoint);
}

// A damaged checkpoint is refused with a message naming it; it is not silently restarted.
TEST_F(Checkpoints, ADamagedCheckpointIsRefused) {
  const std::string flags = "train --data xor --hidden 3 --epochs 500 --quiet";
  const auto out = dir_ / "damaged";
  ASSERT_EQ(run(flags + " --out " + out.string(), "sigint-after-epochs:100").exit_code, 130);
  const auto path = out / "checkpoint.json";
  const std::string good = read_file(path);
  const auto write = [&](const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
  };

  std::string changed = good;  // one digit of a parameter
  const size_t at = changed.find_first_of("123456789", changed.find("\"parameters\":[[["));
  changed[at] = changed[at] == '1' ? '2' : '1';
  const std::vector<std::pair<std::string, std::string>> cases = {
      {changed, "the checkpoint is damaged"},
      {good.substr(0, good.size() / 2), "not valid JSON"},
      {"", "the file is empty, expected a checkpoint"},
      {"{\"format\": \"scratchnet-model\"}", "not a scratchnet checkpoint"},
      {std::string(100000, '['), "nested more than 16 levels"},
  };
  for (const auto& [text, expected] : cases) {
    write(text);
    const Ended e = run(flags + " --resume " + out.string());
    EXPECT_EQ(e.exit_code, 2) << expected << ": " << describe(e);
    EXPECT_NE(e.err.find(path.string() + ": "), std::string::npos) << e.err;
    EXPECT_NE(e.err.find(expected), std::string::npos) << e.err;
    EXPECT_EQ(std::count(e.err.begin(), e.err.end(), '\n'), 1) << e.err;
  }
  write(good);  // and the good one still resumes
  EXPECT_EQ(run(flags + " --resume " + out.string()).exit_code, 0);
}

// Version 1 wrote matrices as {"rows", "cols", "values"}; a run checkpointed then still
// resumes, to the bytes of the uninterrupted run. The fixture is a version-1 checkpoint of
// these flags at epoch 4 (Adam, so optimiser buffers are in it too).
TEST_F(Checkpoints, AVersion1CheckpointStillResumes) {
  const std::string flags =
      "train --data xor --hidden 3 --optimizer adam --lr 0.05 --batch 2 --epochs 12 "
      "--checkpoint-every 4 --threads 1 --quiet";
  const auto expected = reference(flags);
  const auto out = dir_ / "version1";
  std::filesystem::create_directories(out);
  const std::string fixture =
      read_file(std::filesystem::path(SCRATCHNET_FIXTURES_DIR) / "checkpoint_v1_xor_adam.json");
  ASSERT_NE(fixture.find("\"version\":1}"), std::string::npos);
  ASSERT_NE(fixture.find("\"values\":["), std::string::npos);
  std::ofstream(out / "checkpoint.json", std::ios::binary) << fixture;
  // Without --quiet, so that it says where it resumed (a restart would end the same).
  std::string loud = flags;
  loud.erase(loud.find(" --quiet"), 8);
  const Ended resumed = run(loud + " --resume " + out.string());
  ASSERT_EQ(resumed.exit_code, 0) << describe(resumed);
  EXPECT_NE(resumed.out.find(": 4 of 12 epochs done"), std::string::npos) << resumed.out;
  expect_same_result(out, expected, "resumed from a version-1 checkpoint");
}

// --resume into a folder without a checkpoint starts from the beginning, and says so.
TEST_F(Checkpoints, ResumeWithoutACheckpointStartsFromTheBeginning) {
  const std::string flags = "train --data xor --hidden 3 --epochs 300";
  const auto expected = reference(flags + " --quiet");
  const Ended e = run(flags + " --resume " + (dir_ / "fresh").string());
  ASSERT_EQ(e.exit_code, 0) << describe(e);
  EXPECT_NE(e.out.find("no checkpoint in " + (dir_ / "fresh").string() + " yet"), std::string::npos)
      << e.out;
  expect_same_result(dir_ / "fresh", expected, "resume of nothing");
}

TEST_F(Checkpoints, ResumingAFinishedRunIsRefusedAndKeepsItsModel) {
  const std::string flags = "train --data xor --hidden 3 --epochs 300";
  const auto finished = dir_ / "finished";
  ASSERT_EQ(run(flags + " --out " + finished.string()).exit_code, 0);
  const std::string model = read_file(finished / "model.json");
  const Ended e = run(flags + " --lr 2 --resume " + finished.string());
  EXPECT_EQ(e.exit_code, 2) << describe(e);
  EXPECT_NE(e.err.find("holds a finished run (model.json, no checkpoint)"), std::string::npos)
      << e.err;
  EXPECT_EQ(read_file(finished / "model.json"), model);
}

TEST_F(Checkpoints, FlagMistakesAreRefused) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"--checkpoint-every 5", "--checkpoint-every needs --out"},
      {"--checkpoint-every -1 --out " + (dir_ / "a").string(), "--checkpoint-every must be"},
      {"--out " + (dir_ / "a").string() + " --resume " + (dir_ / "b").string(), "--resume"},
  };
  for (const auto& [args, expected] : cases) {
    const Ended e = run("train --data xor --epochs 10 " + args);
    EXPECT_EQ(e.exit_code, 2) << args << ": " << describe(e);
    EXPECT_NE(e.err.find(expected), std::string::npos) << e.err;
  }
  const Ended fault = run("train --data xor --epochs 10", "kill-sometime");
  EXPECT_EQ(fault.exit_code, 2) << describe(fault);
  EXPECT_NE(fault.err.find("SCRATCHNET_FAULT"), std::string::npos) << fault.err;
}

// Determinism: the same flags and seed give the same bytes, run after run — mini-batches
// with Adam in float32 here (tests/test_cli_train_beyond.cpp has momentum in float64).
TEST_F(Checkpoints, RepeatedMiniBatchAdamRunsAreByteIdentical) {
  const auto csv = write_points_csv(dir_, 45);
  const std::string flags = "train --data " + csv.string() +
                            " --hidden 6 --activation tanh --loss bce --optimizer adam "
                            "--lr 0.02 --batch 7 --epochs 15 --dtype float32 --quiet";
  const auto a = reference(flags);
  const auto b = reference(flags);
  EXPECT_EQ(read_file(a / "model.json"), read_file(b / "model.json"));
  EXPECT_EQ(read_file(a / "costs.csv"), read_file(b / "costs.csv"));
}

// ---------------------------------------------------------------------------------------
// The library pieces.

TEST(CheckpointState, TheGeneratorContinuesItsStreamFromASavedState) {
  NumpyRandom a(48);
  a.standard_normal();  // leaves the second Gaussian of a pair waiting
  const NumpyRandom::State saved = a.state();
  ASSERT_TRUE(saved.cached_gauss.has_value());
  NumpyRandom b(1);
  b.set_state(saved);
  for (int i = 0; i < 1000; ++i)
    ASSERT_EQ(a.standard_normal(), b.standard_normal()) << i;
  std::vector<Index> x = a.permutation(50), y = b.permutation(50);
  EXPECT_EQ(x, y);
  NumpyRandom::State bad = saved;
  bad.engine.resize(10);
  EXPECT_THROW(b.set_state(bad), DataError);
}

template <class T>
void expect_restored_run_matches(const char* kind) {
  NumpyRandom rng(3);
  const Matrix<T> X = rng.randn<T>(2, 45);
  const Matrix<T> Y = (rng.randn<T>(1, 45).array() > 0).template cast<T>().matrix();
  NetworkSpec spec;
  spec.n_inputs = 2;
  spec.hidden = {4};
  TrainOptions options;
  options.learning_rate = 0.05;
  options.epochs = 12;
  options.log_every = 1;
  options.batch_size = 8;
  options.optimizer = kind;

  NumpyRandom init_a(48), init_b(48);
  Sequential<T> whole = make_network<T>(spec, init_a);
  const CostLog uninterrupted = Trainer<T>(whole, X, Y, options).run();

  // Stopped after 5 epochs, its state carried to a new model and trainer.
  Sequential<T> first = make_network<T>(spec, init_b);
  Trainer<T> first_trainer(first, X, Y, options);
  int calls = 0;
  RunHooks hooks;
  hooks.stop_requested = [&] { return calls++ == 5; };
  const CostLog stopped = first_trainer.run(options, hooks);
  EXPECT_TRUE(stopped.interrupted);
  const TrainingState<T> state = first_trainer.state();
  EXPECT_EQ(state.next_epoch, 5);

  NumpyRandom init_c(99);  // other initial parameters: all are replaced
  Sequential<T> second = make_network<T>(spec, init_c);
  Trainer<T> second_trainer(second, X, Y, options);
  second_trainer.restore(state);
  const CostLog resumed = second_trainer.run();
  EXPECT_FALSE(resumed.interrupted);
  EXPECT_EQ(resumed.epochs, uninterrupted.epochs);
  EXPECT_EQ(resumed.costs, uninterrupted.costs);
  const auto p = whole.parameters(), q = second.parameters();
  ASSERT_EQ(p.size(), q.size());
  for (size_t i = 0; i < p.size(); ++i)
    EXPECT_TRUE(p[i]->value == q[i]->value) << "parameter " << i;
}

TEST(CheckpointState, ARestoredTrainerEndsBitForBitAsAnUninterruptedOne) {
  expect_restored_run_matches<double>("adam");
  expect_restored_run_matches<float>("adam");
  expect_restored_run_matches<double>("momentum");
  expect_restored_run_matches<float>("sgd");
  expect_restored_run_matches<double>("rmsprop");
}

TEST(CheckpointState, OptimizerStateOfAnotherKindOrShapeIsRefused) {
  Parameter<double> w;
  w.value = Matrix<double>::Ones(2, 3);
  w.grad = Matrix<double>::Ones(2, 3);
  Adam<double> adam({&w}, 0.1);
  adam.step();
  SGD<double> momentum({&w}, 0.1, 0.9);
  EXPECT_THROW(momentum.load_state(adam.state()), DataError);
  OptimizerState<double> wrong = adam.state();
  wrong.buffers[0].second[0] = Matrix<double>::Zero(3, 2);
  EXPECT_THROW(adam.load_state(wrong), DataError);
  Adam<double> other({&w}, 0.1);
  other.load_state(adam.state());
  EXPECT_EQ(other.state().steps, 1);
}

// Through the file: both number types round-trip exactly, and a changed byte is refused.
template <class T>
void expect_checkpoint_file_round_trip(const std::filesystem::path& dir) {
  Checkpoint<T> c;
  c.settings = {{"--lr", "0.1"}, {"--seed", "48"}};
  NumpyRandom rng(5);
  c.state.next_epoch = 7;
  c.state.parameters = {rng.randn<T>(3, 2), Matrix<T>(rng.randn<T>(3, 1) * T(1e-30))};
  c.state.optimizer.steps = 4;
  c.state.optimizer.buffers.emplace_back("m", std::vector<Matrix<T>>{rng.randn<T>(3, 2)});
  rng.standard_normal();
  c.state.shuffle = rng.state();
  c.state.order = {2, 0, 1};
  c.state.log.epochs = {0, 5};
  c.state.log.costs = {0.1, 1.0 / 3};
  const auto path = dir / (std::string(dtype_name<T>()) + ".json");
  save_checkpoint(path, c);
  const Checkpoint<T> back = load_checkpoint<T>(path);
  EXPECT_EQ(back.settings, c.settings);
  EXPECT_EQ(back.state.next_epoch, 7);
  ASSERT_EQ(back.state.parameters.size(), 2u);
  EXPECT_TRUE(back.state.parameters[0] == c.state.parameters[0]);
  EXPECT_TRUE(back.state.parameters[1] == c.state.parameters[1]);
  EXPECT_EQ(back.state.optimizer.steps, 4);
  EXPECT_TRUE(back.state.optimizer.buffers[0].second[0] == c.state.optimizer.buffers[0].second[0]);
  EXPECT_EQ(back.state.shuffle.engine, c.state.shuffle.engine);
  EXPECT_EQ(back.state.shuffle.cached_gauss, c.state.shuffle.cached_gauss);
  EXPECT_EQ(back.state.order, c.state.order);
  EXPECT_EQ(back.state.log.costs, c.state.log.costs);
}

TEST(CheckpointState, TheFileRoundTripsBothNumberTypesExactly) {
  const auto dir = temp_folder("checkpoint_file");
  expect_checkpoint_file_round_trip<double>(dir);
  expect_checkpoint_file_round_trip<float>(dir);
  EXPECT_THROW(load_checkpoint<double>(dir / "float32.json"), DataError);  // --dtype
  EXPECT_EQ(settings_difference({{"--lr", "0.1"}}, {{"--lr", "0.1"}}), std::nullopt);
  EXPECT_EQ(settings_difference({{"--lr", "0.1"}}, {{"--lr", "0.2"}}),
            "--lr: the checkpoint was made with 0.1, this run has 0.2");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace scratchnet::testing
