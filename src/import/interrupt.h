#pragma once
/// \file
/// kbimport's handling of SIGINT, SIGTERM and SIGHUP. The handler only records the signal;
/// the import looks at safe points (each row, each file staged, before the final renames)
/// and unwinds with Interrupted, so the staging directory is removed on the way out, and
/// kbimport exits 128 + the signal's number. Kept to this one file so that a shared
/// signal-cleanup facility can replace it.

#include <exception>

namespace kb::import {

/// Thrown at a safe point once SIGINT, SIGTERM or SIGHUP has arrived.
class Interrupted : public std::exception {
 public:
  explicit Interrupted(int signal) : signal_(signal) {}
  /// The signal's number (exit status 128 + it).
  int signal() const { return signal_; }
  const char* what() const noexcept override { return "interrupted by a signal"; }

 private:
  int signal_;
};

/// Installs the handlers. Each acts once: a second signal of the same kind has its
/// default effect, so a second Ctrl-C ends a run that is stuck (the next run then removes
/// what it left, see kb_writer.h).
void install_interrupt_handlers();

/// The first signal received, or 0.
int pending_signal();

/// Throws Interrupted when a signal has been received.
void throw_if_interrupted();

}  // namespace kb::import
