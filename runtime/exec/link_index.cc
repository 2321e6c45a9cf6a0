#include "runtime/exec/link_index.h"

#include <cstring>
#include <stdexcept>
#include <unordered_set>

namespace ocf::exec {
namespace {

uint64_t Hash(int64_t k) { return (static_cast<uint64_t>(k) * 0x9E3779B97F4A7C15ULL) >> 21; }

bool Coded(ColumnKind k) { return k == ColumnKind::Text || k == ColumnKind::Id || k == ColumnKind::Enum; }

}  // namespace

const void* ColumnValues(const Column& c) {
  switch (c.kind()) {
    case ColumnKind::Int:
      return c.int_data();
    case ColumnKind::Decimal:
    case ColumnKind::Percent:
    case ColumnKind::Money:
      return c.decimal_data();
    case ColumnKind::Bool:
      return c.bool_data();
    case ColumnKind::Date:
      return c.date_data();
    default:
      return c.code_data();
  }
}

KeyIndex::KeyIndex(const Table& table, size_t column)
    : column_(table.column(column)), coded_(Coded(column_.kind())) {
  const size_t n = table.row_count();
  if (n >= UINT32_MAX) throw std::length_error("a linked table of more than 4 billion rows");
  // Each row's group (-1: a missing key), then a counting sort by group.
  std::vector<int32_t> group_of(n, -1);
  size_t groups = 0;
  if (coded_) {
    groups = column_.dictionary_size();
    for (size_t r = 0; r < n; ++r)
      if (column_.present(r)) group_of[r] = static_cast<int32_t>(column_.code_at(r));
  } else {
    bool date = column_.kind() == ColumnKind::Date;
    keys_.assign(64, 0);
    groups_.assign(64, -1);
    mask_ = 63;
    for (size_t r = 0; r < n; ++r) {
      if (!column_.present(r)) continue;
      int64_t key = date ? column_.date_at(r).days() : column_.int_at(r);
      if ((groups + 1) * 2 > groups_.size()) {
        std::vector<int64_t> keys(groups_.size() * 2, 0), slots(groups_.size() * 2, -1);
        uint64_t mask = slots.size() - 1;
        for (size_t s = 0; s < groups_.size(); ++s) {
          if (groups_[s] < 0) continue;
          uint64_t i = Hash(keys_[s]) & mask;
          while (slots[i] >= 0) i = (i + 1) & mask;
          keys[i] = keys_[s];
          slots[i] = groups_[s];
        }
        keys_.swap(keys);
        groups_.swap(slots);
        mask_ = mask;
      }
      uint64_t i = Hash(key) & mask_;
      while (groups_[i] >= 0 && keys_[i] != key) i = (i + 1) & mask_;
      if (groups_[i] < 0) {
        keys_[i] = key;
        groups_[i] = static_cast<int64_t>(groups++);
      }
      group_of[r] = static_cast<int32_t>(groups_[i]);
    }
  }
  starts_.assign(groups + 1, 0);
  for (int32_t g : group_of)
    if (g >= 0) ++starts_[static_cast<size_t>(g) + 1];
  for (size_t g = 0; g < groups; ++g) starts_[g + 1] += starts_[g];
  rows_.resize(static_cast<size_t>(starts_[groups]));
  std::vector<int64_t> next(starts_.begin(), starts_.end() - 1);
  for (size_t r = 0; r < n; ++r)
    if (group_of[r] >= 0)
      rows_[static_cast<size_t>(next[static_cast<size_t>(group_of[r])]++)] = static_cast<uint32_t>(r);
}

int64_t KeyIndex::GroupOfInt(int64_t key) const {
  if (coded_ || groups_.empty()) return -1;
  for (uint64_t i = Hash(key) & mask_;; i = (i + 1) & mask_) {
    if (groups_[i] < 0) return -1;
    if (keys_[i] == key) return groups_[i];
  }
}

int64_t KeyIndex::GroupOfText(std::string_view key) const {
  if (!coded_) return -1;
  std::optional<uint32_t> code = column_.strings().Find(key);
  return code ? static_cast<int64_t>(*code) : -1;
}

size_t KeyIndex::bytes() const {
  return starts_.size() * 8 + rows_.size() * 4 + keys_.size() * 8 + groups_.size() * 8;
}

LinkIndexes::LinkIndexes(const plan::EvaluationPlan& plan, const std::vector<const Table*>& tables)
    : plan_(plan), tables_(tables) {
  for (const plan::Link& link : plan.links) {
    std::unique_ptr<KeyIndex>& index = indexes_[{link.table, link.key}];
    if (!index) index = std::make_unique<KeyIndex>(*tables[link.table], link.key);
    links_.push_back({index.get(), tables[link.table], {}, {}, {}});
  }
}

namespace {

size_t ValueBytes(ColumnKind k) {
  switch (k) {
    case ColumnKind::Int:
      return 8;
    case ColumnKind::Decimal:
    case ColumnKind::Percent:
    case ColumnKind::Money:
      return 16;
    case ColumnKind::Bool:
      return 1;
    default:
      return 4;  // dates, and codes of text, ids and enumerations
  }
}

}  // namespace

const LinkIndexes::Gathered& LinkIndexes::Gather(const KeyIndex& index, const Table& table, size_t column) {
  Gathered& g = gathered_[{&index, column}];
  if (g.values) return g;
  const Column& c = table.column(column);
  const std::vector<uint32_t>& rows = index.rows();
  const size_t size = ValueBytes(c.kind());
  g.values.reset(new __int128[(rows.size() * size + 15) / 16 + 1]);
  g.present.resize(rows.size());
  auto* out = reinterpret_cast<uint8_t*>(g.values.get());
  const auto* in = static_cast<const uint8_t*>(ColumnValues(c));
  const uint8_t* present = c.present_data();
  for (size_t k = 0; k < rows.size(); ++k) {
    std::memcpy(out + k * size, in + static_cast<size_t>(rows[k]) * size, size);
    g.present[k] = present[rows[k]];
  }
  return g;
}

const LinkProbe* LinkIndexes::Probes() {
  if (probes_.size() == links_.size() && !links_.empty()) return probes_.data();
  probes_.clear();
  // The columns of U each link's condition reads.
  std::vector<std::vector<bool>> read(links_.size());
  for (const plan::Node& n : plan_.nodes) {
    if ((n.op != plan::Op::LinkExists && n.op != plan::Op::LinkCount) || n.children.size() < 2) continue;
    std::vector<bool>& cols = read[n.slot];
    cols.resize(links_[n.slot].table->column_count(), false);
    std::unordered_set<plan::ExprId> seen;
    plan::VisitOnce(plan_, n.children[1], seen, [&](const plan::Node& c) {
      if (c.op == plan::Op::LinkedColumn && c.slot < cols.size()) cols[c.slot] = true;
    });
  }
  for (size_t k = 0; k < links_.size(); ++k) {
    const plan::Link& link = plan_.links[k];
    PerLink& l = links_[k];
    const Table& u = *l.table;
    l.values.assign(u.column_count(), nullptr);
    l.present.assign(u.column_count(), nullptr);
    for (size_t c = 0; c < read[k].size(); ++c) {
      if (!read[k][c]) continue;
      const Gathered& g = Gather(*l.index, u, c);
      l.values[c] = g.values.get();
      l.present[c] = g.present.data();
    }
    if (link.key_type == plan::ValueType::Text) {
      const Column& outer = tables_[link.outer_table]->column(link.outer_key);
      l.translate.resize(outer.dictionary_size());
      bool same = link.outer_table == link.table && link.outer_key == link.key;
      for (size_t code = 0; code < l.translate.size(); ++code)
        l.translate[code] = same ? static_cast<int64_t>(code)
                                 : l.index->GroupOfText(outer.strings()[static_cast<uint32_t>(code)]);
    }
    probes_.push_back({l.values.data(), l.present.data(), l.translate.data(), l.index,
                       l.index->starts().data(), l.index->rows().data()});
  }
  return probes_.empty() ? nullptr : probes_.data();
}

}  // namespace ocf::exec

extern "C" int64_t ocf_link_group(const void* index, int64_t key) {
  return static_cast<const ocf::exec::KeyIndex*>(index)->GroupOfInt(key);
}
