// Session: building a run and training it. Its outputs are in session_outputs.cpp, its
// settings (what a checkpoint must match) and description in session_settings.cpp.
#include "scratchnet/run/session.hpp"

#include <thread>

#include "session_parts.hpp"

#include "scratchnet/tensor/threads.hpp"

namespace scratchnet {
namespace {

constexpr const char* kCheckpointFile = "checkpoint.json";

// The train floor's options from a run's description.
TrainOptions train_options_of(const RunConfig& c) {
  TrainOptions o;
  o.learning_rate = c.learning_rate;
  o.epochs = c.epochs;
  o.log_every = c.log_every.value_or(c.batch > 0 ? 1 : 100);
  o.loss = parse_loss(c.loss.name);
  o.batch_size = c.batch;
  o.seed = c.seed;
  o.l2 = c.l2;
  o.optimizer = c.optimizer;
  o.schedule.choice = c.schedule;
  o.stop_diverging = c.stop_diverging;
  return o;
}

// All cores when a step has enough work to share; one thread for small networks, whose
// products are too small for threads to pay (idle workers would only spin).
template <class T>
int default_threads_for(RunSetup<T>& setup, const TrainOptions& options) {
  double multiply_adds = 0;
  for (const LinearLayer<T>* layer : setup.model.linear_layers())
    multiply_adds += static_cast<double>(layer->n_in()) * static_cast<double>(layer->n_out());
  const Index m = setup.data.X.cols();
  const Index batch = options.batch_size > 0 ? std::min(options.batch_size, m) : m;
  return multiply_adds * static_cast<double>(batch) >= kThreadedWork ? default_threads() : 1;
}

// An interrupted write leaves its temporary file (<name>.tmp.<pid>.<random>) behind; a
// resumed run clears those of the files a run writes (run_files_in knows them).
void remove_stale_temporaries(const std::filesystem::path& out) {
  for (const std::string& name : run_files_in(out))
    if (name.find(".tmp.") != std::string::npos) {
      std::error_code ec;
      std::filesystem::remove(out / name, ec);
    }
}

}  // namespace

template <class T>
Session<T>::Session(const RunConfig& config) : config_(normalized(config)) {
  validate(config_);
  options_ = train_options_of(config_);
  validate(options_);
  if (!config_.out.empty()) {
    out_folder_.emplace(config_.out);
    if (!config_.resume) claim_for_new_run(config_.out, config_.force);
  }
  // The load is sampled from the start, so that loading the data (on one thread) is the
  // first interval the governor judges.
  std::optional<ThreadGovernor> governor;
  if (!config_.threads && default_threads() > 1) governor.emplace(default_threads());
  setup_ = make_run_setup<T>(config_);
  max_threads_ = config_.threads ? *config_.threads : default_threads_for(setup_, options_);
  if (max_threads_ > 1 && governor) {
    governor_ = std::move(governor);
    const double wait = ThreadGovernor::kMinInterval - governor_->seconds_since_last_sample();
    if (wait > 0) std::this_thread::sleep_for(std::chrono::duration<double>(wait));
    set_threads(governor_->next_threads());
  } else {
    set_threads(max_threads_);
  }
  std::vector<const Matrix<T>*> values;
  for (const Parameter<T>* p : setup_.model.parameters())
    values.push_back(&p->value);
  initial_parameters_ = fingerprint_of<T>(values);
  trainer_ = std::make_unique<Trainer<T>>(setup_.model, setup_.data.X, setup_.data.Y, options_);
}

template <class T>
Session<T>::~Session() = default;

template <class T>
std::filesystem::path Session<T>::checkpoint_path() const {
  return config_.out.empty() ? std::filesystem::path()
                             : std::filesystem::path(config_.out) / kCheckpointFile;
}

template <class T>
std::optional<int> Session<T>::resume() {
  if (!config_.resume) return std::nullopt;
  const std::filesystem::path out = config_.out, path = checkpoint_path();
  remove_stale_temporaries(out);
  if (std::filesystem::exists(path)) {
    Checkpoint<T> saved = load_checkpoint<T>(path);
    if (auto why = settings_difference(saved.settings, settings())) {
      // "learning_rate: the checkpoint …": the setting is a field, for a front-end to name
      const size_t colon = why->find(':');
      if (colon != std::string::npos && why->find(' ') > colon)
        *why = "{" + why->substr(0, colon) + "}" + why->substr(colon);
      throw FieldError("resume",
                       ": " + path.string() + " is of a run with other settings: " + *why);
    }
    trainer_->restore(saved.state);
    log_ = saved.state.log;
    return saved.state.next_epoch;
  }
  if (std::filesystem::exists(out / "model.json"))
    // A finished run removes its checkpoint: starting over would replace its model.
    throw FieldError("resume", ": " + out.string() +
                                   " holds a finished run (model.json, no checkpoint), so "
                                   "there is nothing to resume; to train again and replace "
                                   "it, use {out} " +
                                   out.string());
  return std::nullopt;
}

// Records each epoch's thread count and, when it follows the load, chooses it first.
template <class T>
RunHooks Session<T>::with_thread_choice(const RunHooks& hooks, int epochs) {
  RunHooks h = hooks;
  epoch_threads_.reserve(static_cast<size_t>(std::max(epochs, 0)));
  h.before_epoch = [this, before = hooks.before_epoch](int epoch) {
    if (governor_) {
      const int n = governor_->next_threads();
      if (n != threads()) set_threads(n);
    }
    epoch_threads_.push_back(threads());
    if (before) before(epoch);
  };
  return h;
}

template <class T>
CostLog Session<T>::train(const RunHooks& hooks) {
  log_ = trainer_->continue_run(options_, with_thread_choice(hooks, options_.epochs));
  return log_;
}

template <class T>
int Session<T>::epochs_done() const {
  return trainer_->epochs_done();
}

template <class T>
CostLog Session<T>::train_epochs(int n, const RunHooks& hooks) {
  if (n < 1) throw FieldError("epochs", "must be at least 1, got " + std::to_string(n));
  TrainOptions more = options_;
  more.epochs = epochs_done() + n;
  log_ = trainer_->continue_run(more, with_thread_choice(hooks, more.epochs));
  return log_;
}

template <class T>
CostLog Session<T>::train_until(std::chrono::steady_clock::time_point deadline,
                                const RunHooks& hooks) {
  RunHooks until = hooks;
  const int first = epochs_done();
  until.stop_requested = [&, first] {
    if (hooks.stop_requested && hooks.stop_requested()) return true;
    return trainer_->epochs_done() > first && std::chrono::steady_clock::now() >= deadline;
  };
  return train_epochs(options_.epochs, until);
}

template <class T>
void Session<T>::save_checkpoint(
    const std::function<void(const std::filesystem::path&)>& before_rename) {
  if (config_.out.empty())
    throw FieldError("checkpoint_every", "needs {out} DIR to keep the checkpoint in");
  scratchnet::save_checkpoint<T>(checkpoint_path(), {settings(), trainer_->state()}, before_rename);
}

template <class T>
RunResult<T> Session<T>::result() {
  RunResult<T> r;
  const bool full = trainer_->full_batch();
  if (config_.graph && !full) trainer_->forward_backward();  // values for the picture
  r.cost_is_last_epoch_mean = !full;
  r.train_cost = full ? static_cast<double>(trainer_->forward_backward())
                      : (log_.costs.empty() ? 0 : log_.costs.back());
  r.train = predict(setup_.model, setup_.data.X, setup_.data.Y);
  if (setup_.test) r.test = predict(setup_.model, setup_.test->X, setup_.test->Y);
  const bool classes = setup_.loss == Loss::softmax_ce;
  r.classes = classes ? setup_.model.linear_layers().back()->n_out() : 2;
  r.confusion_of_test = r.test.has_value();
  const Dataset<T>& measured = setup_.test ? *setup_.test : setup_.data;
  r.confusion = confusion_matrix(measured.Y, (r.test ? *r.test : r.train).labels, r.classes);
  return r;
}

template <class T>
void Session<T>::remove_spent_checkpoint() {
  if ((config_.checkpoint_every > 0 || config_.resume) &&
      std::filesystem::exists(checkpoint_path()))
    std::filesystem::remove(checkpoint_path());
}

template class Session<float>;
template class Session<double>;

}  // namespace scratchnet
