#include "cli/commands.h"

#include "cli/cmd_bundle.h"
#include "cli/cmd_explain.h"
#include "cli/cmd_graph.h"

namespace kb::cli {

void add_more_commands(CLI::App& app, int& exit_code) {
  add_bundle_commands(app, exit_code);
  add_graph_command(app, exit_code);
  add_explain_command(app, exit_code);
}

}  // namespace kb::cli
