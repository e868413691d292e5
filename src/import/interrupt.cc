#include "import/interrupt.h"

#include <csignal>
#include <initializer_list>

namespace kb::import {
namespace {

volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_signal(int sig) {
  if (g_signal == 0) g_signal = sig;
}

}  // namespace

void install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;  // no SA_RESTART: a blocked read returns and the run unwinds
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) sigaction(sig, &sa, nullptr);
}

int pending_signal() { return g_signal; }

void throw_if_interrupted() {
  if (int sig = g_signal) throw Interrupted(sig);
}

}  // namespace kb::import
