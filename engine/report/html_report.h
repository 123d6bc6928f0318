#pragma once

#include <string>
#include <string_view>

#include "engine/report/report_collector.h"

namespace cfgsweep {

// A single-file HTML report for people: the summary by severity and rule, a sortable and
// filterable table of devices, and each device's failed findings with their evidence. It
// loads nothing from outside (its Content-Security-Policy forbids it); the run's data rides
// in the page as JSON and the page's script renders it with textContent only.
// `policy`: the policy's path, shown in the heading; `generated`: when the run ended.
std::string html_report(const ReportCollector& results, std::string_view policy,
                        std::string_view generated);

}  // namespace cfgsweep
