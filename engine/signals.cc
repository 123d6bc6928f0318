#include "engine/signals.h"

#include <cstdio>
#include <cstdlib>

#include <csignal>
#include <initializer_list>

namespace cfgsweep {

namespace {
volatile std::sig_atomic_t child_exited = 0;
volatile std::sig_atomic_t stop_signal = 0;
sigset_t open_mask;

void on_child(int) { child_exited = 1; }
void on_stop(int signal) { stop_signal = signal; }
}  // namespace

void SupervisorSignals::install() {
  sigset_t ours;
  sigemptyset(&ours);
  for (int s : {SIGCHLD, SIGINT, SIGTERM, SIGHUP}) sigaddset(&ours, s);
  sigprocmask(SIG_BLOCK, &ours, &open_mask);
  for (int s : {SIGCHLD, SIGINT, SIGTERM, SIGHUP}) sigdelset(&open_mask, s);

  struct sigaction action = {};
  sigemptyset(&action.sa_mask);
  action.sa_handler = on_child;
  action.sa_flags = SA_NOCLDSTOP;
  sigaction(SIGCHLD, &action, nullptr);
  action.sa_handler = on_stop;
  action.sa_flags = 0;
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaction(s, &action, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

const sigset_t* SupervisorSignals::wait_mask() { return &open_mask; }

bool SupervisorSignals::take_child_exited() {
  bool value = child_exited != 0;
  child_exited = 0;
  return value;
}

int SupervisorSignals::take_stop_request() {
  int value = stop_signal;
  stop_signal = 0;
  return value;
}

void exit_abandoning_threads(int status) {
  std::fflush(nullptr);
  std::_Exit(status);
}

}  // namespace cfgsweep
