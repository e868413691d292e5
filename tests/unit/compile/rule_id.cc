// Compiled by two ctests (tests/unit/CMakeLists.txt), not built into a test binary:
// with RULE_ID "KB0103" it compiles; with "KB9999", an id not in KB_RULE_TABLE, it must
// not (RuleId's constructor from a string is consteval and checks the registry).
#include "diag/diagnostic.h"

kb::Diagnostic made() { return kb::make_diagnostic(RULE_ID, {"f.yaml", 1, 1}, "message"); }
