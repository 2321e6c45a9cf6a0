#include "lsp/json.h"

#include <charconv>

#include "runtime/json.h"

namespace ocf::lsp {

Json Null() { return Json{}; }

Json Bool(bool b) {
  Json v;
  v.kind = Json::Kind::Bool;
  v.boolean = b;
  return v;
}

Json Int(int64_t n) {
  Json v;
  v.kind = Json::Kind::Number;
  v.text = std::to_string(n);
  return v;
}

Json Str(std::string_view s) {
  Json v;
  v.kind = Json::Kind::String;
  v.text = std::string(s);
  return v;
}

Json Array() {
  Json v;
  v.kind = Json::Kind::Array;
  return v;
}

Json Object(std::initializer_list<std::pair<std::string, Json>> members) {
  Json v;
  v.kind = Json::Kind::Object;
  for (const auto& m : members) v.members.push_back(m);
  return v;
}

Json& Set(Json& object, std::string_view key, Json value) {
  object.kind = Json::Kind::Object;
  for (auto& [k, v] : object.members) {
    if (k == key) {
      v = std::move(value);
      return v;
    }
  }
  object.members.emplace_back(std::string(key), std::move(value));
  return object.members.back().second;
}

void Push(Json& array, Json value) {
  array.kind = Json::Kind::Array;
  array.items.push_back(std::move(value));
}

namespace {

void WriteTo(std::string& out, const Json& v) {
  switch (v.kind) {
    case Json::Kind::Null:
      out += "null";
      break;
    case Json::Kind::Bool:
      out += v.boolean ? "true" : "false";
      break;
    case Json::Kind::Number:
      out += v.text.empty() ? "0" : v.text;
      break;
    case Json::Kind::String:
      AppendJsonString(out, v.text);
      break;
    case Json::Kind::Array: {
      out += '[';
      bool first = true;
      for (const Json& item : v.items) {
        if (!first) out += ',';
        first = false;
        WriteTo(out, item);
      }
      out += ']';
      break;
    }
    case Json::Kind::Object: {
      out += '{';
      bool first = true;
      for (const auto& [key, value] : v.members) {
        if (!first) out += ',';
        first = false;
        AppendJsonString(out, key);
        out += ':';
        WriteTo(out, value);
      }
      out += '}';
      break;
    }
  }
}

}  // namespace

std::string Write(const Json& value) {
  std::string out;
  WriteTo(out, value);
  return out;
}

const Json* Member(const Json* object, std::string_view key) {
  if (object == nullptr) return nullptr;
  return object->Find(key);
}

std::optional<std::string> GetString(const Json* object, std::string_view key) {
  const Json* m = Member(object, key);
  if (m == nullptr || !m->is_string()) return std::nullopt;
  return m->text;
}

std::optional<int64_t> AsInt(const Json& value) {
  if (value.kind != Json::Kind::Number) return std::nullopt;
  int64_t n = 0;
  const char* begin = value.text.data();
  const char* end = begin + value.text.size();
  auto [ptr, ec] = std::from_chars(begin, end, n);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return n;
}

std::optional<int64_t> GetInt(const Json* object, std::string_view key) {
  const Json* m = Member(object, key);
  if (m == nullptr) return std::nullopt;
  return AsInt(*m);
}

std::optional<bool> GetBool(const Json* object, std::string_view key) {
  const Json* m = Member(object, key);
  if (m == nullptr || m->kind != Json::Kind::Bool) return std::nullopt;
  return m->boolean;
}

}  // namespace ocf::lsp
