// The thread count follows the load: each epoch runs on the cores other programs left free.
// The governor is judged on samples given to it, never on the machine's own load or clock.
#include <deque>

#include "test_util.hpp"

namespace scratchnet::testing {
namespace {

constexpr double kTick = 100;  // /proc/stat's ticks per second here

// /proc/stat's first lines on a two-core machine: busy ticks are user+nice+system+irq+
// softirq+steal.
const char* kProcStat =
    "cpu  400 0 200 9000 50 0 10 0 0 0\n"
    "cpu0 100 5 50 4500 25 1 2 3 0 0\n"
    "cpu1 300 0 150 4500 25 0 8 7 0 0\n"
    "intr 12345 1 2 3\n";

TEST(ThreadGovernor, ProcStatBusyTimeIsAllButIdleAndIoWaitOfTheAllowedCores) {
  const auto all = busy_seconds_in_proc_stat(kProcStat, nullptr, kTick);
  ASSERT_TRUE(all.has_value());
  EXPECT_DOUBLE_EQ(*all, (100 + 5 + 50 + 1 + 2 + 3 + 300 + 150 + 8 + 7) / kTick);
  cpu_set_t only1;
  CPU_ZERO(&only1);
  CPU_SET(1, &only1);
  EXPECT_DOUBLE_EQ(*busy_seconds_in_proc_stat(kProcStat, &only1, kTick),
                   (300 + 150 + 8 + 7) / kTick);
  cpu_set_t only7;
  CPU_ZERO(&only7);
  CPU_SET(7, &only7);
  EXPECT_FALSE(busy_seconds_in_proc_stat(kProcStat, &only7, kTick).has_value());
  // A line cut off by the end of the read is not counted; old kernels' four fields are.
  EXPECT_DOUBLE_EQ(*busy_seconds_in_proc_stat("cpu0 10 0 10 80\ncpu1 50 50", nullptr, kTick),
                   20 / kTick);
  EXPECT_FALSE(busy_seconds_in_proc_stat("", nullptr, kTick).has_value());
  EXPECT_FALSE(busy_seconds_in_proc_stat("cpu0 x y\n", nullptr, kTick).has_value());
}

TEST(ThreadGovernor, ACoreIsFreeWhileOthersUseLessThanAThirdOfIt) {
  EXPECT_EQ(threads_for_free_cores(2, 0.0), 2);
  EXPECT_EQ(threads_for_free_cores(2, 0.25), 2);  // a build's pauses, an editor
  EXPECT_EQ(threads_for_free_cores(2, 0.35), 1);
  EXPECT_EQ(threads_for_free_cores(2, 1.0), 1);  // `yes > /dev/null` on the other core
  EXPECT_EQ(threads_for_free_cores(2, 2.0), 1);  // never fewer than one
  EXPECT_EQ(threads_for_free_cores(8, 3.0), 5);
  EXPECT_EQ(threads_for_free_cores(8, -1.0), 8);  // never more than the cores
  EXPECT_EQ(threads_for_free_cores(1, 0.0), 1);
}

// Samples a test writes: each call to the governor's sampler takes the next.
struct ScriptedLoad {
  std::deque<CpuSample> samples;
  CpuSample next() {
    CpuSample s = samples.front();
    if (samples.size() > 1) samples.pop_front();
    return s;
  }
};

// One second in which this process used `own` cores and the machine `busy` cores in all.
void add_second(ScriptedLoad& load, double own, double busy) {
  CpuSample s = load.samples.back();
  s.wall_seconds += 1;
  s.own_seconds += own;
  s.busy_seconds += busy;
  load.samples.push_back(s);
}

TEST(ThreadGovernor, EpochsRunOnTheCoresOtherProgramsLeaveFree) {
  auto load = std::make_shared<ScriptedLoad>();
  load->samples.push_back({100, 5, 1, true});
  add_second(*load, 1.0, 1.0);   // loading the data, alone: both cores free
  add_second(*load, 1.9, 2.0);   // two threads, alone
  add_second(*load, 1.3, 2.0);   // another program started: it took 0.7 of a core
  add_second(*load, 1.0, 2.0);   // one thread, the other program on the other core
  add_second(*load, 1.0, 1.05);  // it stopped
  ThreadGovernor governor(2, [load] { return load->next(); });
  EXPECT_EQ(governor.next_threads(), 2);
  EXPECT_EQ(governor.next_threads(), 2);
  EXPECT_EQ(governor.next_threads(), 1);
  EXPECT_NEAR(governor.others_cores(), 0.7, 1e-9);
  EXPECT_EQ(governor.next_threads(), 1);
  EXPECT_NEAR(governor.others_cores(), 1.0, 1e-9);
  EXPECT_EQ(governor.next_threads(), 2);
}

TEST(ThreadGovernor, KeepsItsCountUntilEnoughTimeHasPassedToJudge) {
  auto load = std::make_shared<ScriptedLoad>();
  load->samples = {{0, 0, 0, true}, {1, 2, 1, true}, {1.05, 2.1, 1.05, true}};
  ThreadGovernor governor(2, [load] { return load->next(); });
  EXPECT_EQ(governor.next_threads(), 1);  // a second with the other core busy
  EXPECT_EQ(governor.next_threads(), 1);  // 50 ms later, quiet: too short to tell
}

TEST(ThreadGovernor, UsesEveryCoreWhereTheLoadCantBeRead) {
  ThreadGovernor governor(4, [] { return CpuSample{}; });
  EXPECT_EQ(governor.next_threads(), 4);
}

TEST(ThreadGovernor, TheMachinesOwnSampleReadsProcStat) {
  std::vector<char> buffer(1 << 16);
  const CpuSample s = sample_cpu(buffer);
  ASSERT_TRUE(s.valid) << "this test needs Linux's /proc/stat";
  EXPECT_GT(s.busy_seconds, 0);
  EXPECT_GE(s.own_seconds, 0);
}

TEST(ThreadGovernor, TheNoteSaysHowManyEpochsRanOnFewerThreads) {
  EXPECT_EQ(fewer_threads_note({2, 2, 2}, 2), "");
  EXPECT_EQ(fewer_threads_note({}, 2), "");
  EXPECT_EQ(fewer_threads_note({2, 1, 1, 2}, 2),
            "1 thread for 2 of 4 epochs, while other programs kept cores busy");
}

TEST(ThreadGovernor, ASessionWithAFixedCountRecordsItForEveryEpoch) {
  RunConfig c;
  c.data = "xor";
  c.hidden = {3};
  c.epochs = 7;
  c.threads = 1;
  Session<double> session(c);
  session.train();
  EXPECT_FALSE(session.threads_follow_load());
  EXPECT_EQ(session.epoch_threads(), std::vector<int>(7, 1));
  session.train_epochs(3);
  EXPECT_EQ(session.epoch_threads(), std::vector<int>(10, 1));
}

}  // namespace
}  // namespace scratchnet::testing
