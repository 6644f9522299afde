#include "cli/replay_command.h"

#include <istream>
#include <ostream>
#include <vector>

#include "shoal/event_codec.h"

namespace shoal {

ReplayResult ReplayStream(std::istream& in, Engine& engine, const ReplayOptions& options,
                          const std::function<void(const std::string&)>& on_action) {
  ReplayResult result;
  EventParser parser(engine.config().limits);
  Event event;
  EventError error;
  std::vector<Action> actions;
  std::string line, out;
  while (std::getline(in, line)) {
    ++result.lines;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t first = line.find_first_not_of(" \t");
    if (first == std::string::npos || line[first] == '#') continue;  // blank lines and comments
    if (!parser.Parse(line, &event, &error) || !engine.Admit(event, &error)) {
      ++result.rejected;
      if (options.errors) *options.errors << "line " << result.lines << ": " << error.ToString() << "\n";
      if (options.stop_on_error) {
        result.stopped_early = true;
        break;
      }
      continue;
    }
    ++result.accepted;
    event.seq = result.accepted;
    actions.clear();
    engine.Apply(event, &actions);
    for (const auto& a : actions) {
      out.clear();
      AppendActionJson(a, &out);
      on_action(out);
    }
    result.actions += actions.size();
    if (options.progress && options.errors && result.lines % 1'000'000 == 0) {
      *options.errors << "progress: " << result.lines << " lines, " << result.accepted << " accepted, "
                      << result.rejected << " rejected, " << result.actions << " actions\n";
    }
  }
  if (in.bad()) result.io_error = "read error";
  return result;
}

}  // namespace shoal
