#include "model/model_coverage.h"

#include <algorithm>

namespace cfgsweep {

void ModelCoverage::use_subtree(int32_t node) {
  if (node <= ConfigTree::kRoot) return;
  std::vector<int32_t> stack{node};
  while (!stack.empty()) {
    int32_t at = stack.back();
    stack.pop_back();
    use(at);
    for (int32_t child : tree_.children(at)) stack.push_back(child);
  }
}

void ModelCoverage::write_json(uint32_t line_count, JsonWriter* json) const {
  // Every parser appends children after their parent, so one backward pass tells which
  // nodes have a used descendant.
  std::vector<bool> touched(used_);
  for (std::size_t i = touched.size(); i-- > 1;)
    if (touched[i] && tree_.node(static_cast<int32_t>(i)).parent >= 0)
      touched[static_cast<std::size_t>(tree_.node(static_cast<int32_t>(i)).parent)] = true;

  std::vector<bool> model_lines(std::size_t{line_count} + 2, false);
  for (std::size_t i = 1; i < used_.size(); ++i) {
    uint32_t line = tree_.node(static_cast<int32_t>(i)).line;
    if (used_[i] && line < model_lines.size()) model_lines[line] = true;
  }

  std::vector<int32_t> unrecognized;
  uint64_t unrecognized_count = 0;
  std::vector<int32_t> stack;
  for (int32_t child : tree_.children(ConfigTree::kRoot)) stack.push_back(child);
  std::reverse(stack.begin(), stack.end());
  while (!stack.empty()) {
    int32_t at = stack.back();
    stack.pop_back();
    auto index = static_cast<std::size_t>(at);
    if (!touched[index]) {
      ++unrecognized_count;
      if (unrecognized.size() < kShown) unrecognized.push_back(at);
      continue;
    }
    std::size_t first = stack.size();
    for (int32_t child : tree_.children(at)) stack.push_back(child);
    std::reverse(stack.begin() + static_cast<std::ptrdiff_t>(first), stack.end());
  }

  json->begin_object();
  json->field("lines", uint64_t{line_count});
  json->field("lines_in_model",
              static_cast<uint64_t>(std::count(model_lines.begin(), model_lines.end(), true)));
  json->field("unrecognized_count", unrecognized_count);
  json->key("unrecognized");
  json->begin_array();
  for (int32_t at : unrecognized) {
    json->begin_object();
    json->field("line", uint64_t{tree_.node(at).line});
    json->field("text", std::string_view(tree_.display(at)).substr(0, kShownBytes));
    json->end_object();
  }
  json->end_array();
  json->end_object();
}

}  // namespace cfgsweep
