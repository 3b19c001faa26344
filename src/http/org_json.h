// Decoding the organisation records (locations, teams, employees, customers) posted to the
// API when an organisation is set up or synchronised from an HR or CRM system.
#pragma once

#include <string_view>
#include <vector>

#include "core/model.h"
#include "core/status.h"

namespace peakend::http {

// Each accepts one JSON object or an array of them; errors name the JSON path ("[2].role").
Result<std::vector<Location>> DecodeLocations(std::string_view body);
Result<std::vector<Team>> DecodeTeams(std::string_view body);
Result<std::vector<Employee>> DecodeEmployees(std::string_view body);
Result<std::vector<Customer>> DecodeCustomers(std::string_view body);

}  // namespace peakend::http
