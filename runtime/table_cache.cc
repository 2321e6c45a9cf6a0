#include "runtime/table_cache.h"

#include <dlfcn.h>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "runtime/mix.h"

namespace ocf {
namespace {
namespace fs = std::filesystem;

constexpr char kMagic[8] = {'O', 'C', 'F', 'C', 'A', 'C', 'H', 'E'};
// Bumped whenever the layout below, or the layout of a value in a column
// (Decimal, Date), changes.
constexpr uint64_t kFormat = 1;
constexpr uint64_t kAlign = 64;
constexpr uint64_t kPiece = 4u << 20;  // bytes per checksummed piece
constexpr uint64_t kEnds = 64u << 10;  // bytes of each end of the data file hashed

// The fixed part of the header. Then: the path's bytes, a ColumnEntry per
// schema column, a checksum per piece; padded to kAlign.
struct FileHeader {
  char magic[8];
  uint64_t format;
  char identity[96];
  uint64_t header_bytes, file_bytes, header_sum;
  uint64_t size, mtime_ns, inode, device, head_hash, tail_hash;
  uint64_t declaration;
  uint64_t rows, report_rows;
  uint64_t columns, path_bytes, pieces;
  uint64_t runs_offset, runs_count, lines_offset, lines_count;
};

struct ColumnEntry {
  uint64_t stored, kind;
  uint64_t all_present;  // every row present: no presence array stored
  uint64_t present_offset, values_offset, values_bytes;
  uint64_t dict_count, bytes_offset, bytes_count, ends_offset, slots_offset, slots_count;
};

static_assert(sizeof(FileHeader) % 8 == 0 && sizeof(ColumnEntry) % 8 == 0);

uint64_t AlignUp(uint64_t n) { return (n + kAlign - 1) / kAlign * kAlign; }

// An array of the file: where it goes and what it holds.
struct Section {
  const void* data;
  uint64_t bytes;
  uint64_t offset = 0;
};

// The pieces a section is checksummed in.
uint64_t PiecesOf(uint64_t bytes) { return (bytes + kPiece - 1) / kPiece; }

std::string SystemError(int error) { return std::strerror(error); }

bool WriteAllAt(int fd, const void* data, uint64_t bytes, uint64_t offset) {
  const char* p = static_cast<const char*>(data);
  while (bytes) {
    ssize_t n = ::pwrite(fd, p, std::min<uint64_t>(bytes, 1u << 30), static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n, bytes -= static_cast<uint64_t>(n), offset += static_cast<uint64_t>(n);
  }
  return true;
}

struct Mapping {
  void* data = MAP_FAILED;
  size_t bytes = 0;
  ~Mapping() {
    if (data != MAP_FAILED) ::munmap(data, bytes);
  }
};

struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

int BuildIdNote(struct dl_phdr_info* info, size_t, void* out) {
  auto* found = static_cast<std::pair<uintptr_t, std::string>*>(out);
  bool mine = false;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    uintptr_t begin = info->dlpi_addr + ph.p_vaddr;
    if (ph.p_type == PT_LOAD && found->first >= begin && found->first < begin + ph.p_memsz) mine = true;
  }
  if (!mine) return 0;
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_NOTE) continue;
    const char* p = reinterpret_cast<const char*>(info->dlpi_addr + ph.p_vaddr);
    const char* end = p + ph.p_memsz;
    while (p + sizeof(ElfW(Nhdr)) <= end) {
      const auto* note = reinterpret_cast<const ElfW(Nhdr)*>(p);
      const char* name = p + sizeof(ElfW(Nhdr));
      const char* desc = name + ((note->n_namesz + 3) & ~3u);
      if (note->n_type == NT_GNU_BUILD_ID && note->n_namesz == 4 && std::memcmp(name, "GNU", 4) == 0) {
        for (uint32_t k = 0; k < note->n_descsz; ++k)
          found->second += fmt::format("{:02x}", static_cast<unsigned char>(desc[k]));
        return 1;
      }
      p = desc + ((note->n_descsz + 3) & ~3u);
    }
  }
  return 1;
}

}  // namespace

std::optional<CacheKey> DataFileKey(const std::string& path) {
  Fd f;
  f.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (f.fd < 0) return std::nullopt;
  struct stat st;
  if (::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  CacheKey key;
  std::error_code ec;
  key.path = fs::absolute(path, ec).lexically_normal().string();
  if (ec) return std::nullopt;
  key.size = static_cast<uint64_t>(st.st_size);
  key.mtime_ns =
      static_cast<uint64_t>(st.st_mtim.tv_sec) * 1000000000u + static_cast<uint64_t>(st.st_mtim.tv_nsec);
  key.inode = st.st_ino;
  key.device = st.st_dev;
  std::string buffer(std::min(kEnds, key.size), '\0');
  auto hash_at = [&](uint64_t offset, uint64_t& out) {
    size_t done = 0;
    while (done < buffer.size()) {
      ssize_t n =
          ::pread(f.fd, buffer.data() + done, buffer.size() - done, static_cast<off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<size_t>(n);
    }
    out = HashBytes(buffer.data(), buffer.size(), offset);
    return true;
  };
  if (!hash_at(0, key.head_hash) || !hash_at(key.size - buffer.size(), key.tail_hash)) return std::nullopt;
  return key;
}

uint64_t DeclarationHash(const TableSchema& schema) {
  uint64_t h = HashText(schema.name, schema.columns.size());
  for (const ColumnSpec& c : schema.columns) {
    h = HashText(c.name, h);
    h = Mix(h ^ (static_cast<uint64_t>(c.kind) << 8 | uint64_t{c.optional} << 1 | uint64_t{c.key} << 2 |
                 uint64_t{c.uk_dates} << 3));
    h = HashText(c.currency, h);
    h = Mix(h ^ c.enum_values.size());
    for (const std::string& v : c.enum_values) h = HashText(v, h);
  }
  return h;
}

std::string CacheIdentity(std::string_view version) {
  std::pair<uintptr_t, std::string> found{reinterpret_cast<uintptr_t>(&BuildIdNote), ""};
  dl_iterate_phdr(BuildIdNote, &found);
  return fmt::format("ocf {} {}", version, found.second);
}

std::string CacheFileName(const std::string& dir, const std::string& absolute_path,
                          const std::string& dataset) {
  uint64_t h = HashText(dataset, HashText(absolute_path, 0x6F6366));
  return (fs::path(dir) / fmt::format("{}-{:016x}.ocfcache", dataset.substr(0, 40), h)).string();
}

namespace {

// Writes `header` at 0 and each section at its offset into a temporary file
// of `file_bytes` bytes, then renames it to `file`; "" or why not.
std::string WriteSections(const std::string& file, uint64_t file_bytes, std::string_view header,
                          const std::vector<Section>& sections) {
  static std::atomic<uint64_t> counter{0};
  std::string temp = fmt::format("{}.{}.{}.tmp", file, ::getpid(), counter++);
  Fd f;
  f.fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (f.fd < 0) return fmt::format("cannot write `{}`: {}", temp, SystemError(errno));
  bool ok = WriteAllAt(f.fd, header.data(), header.size(), 0);
  for (const Section& s : sections) ok = ok && WriteAllAt(f.fd, s.data, s.bytes, s.offset);
  ok = ok && ::ftruncate(f.fd, static_cast<off_t>(file_bytes)) == 0;
  int error = errno;
  ok = ok && ::close(f.fd) == 0;
  if (!ok && !error) error = errno;
  f.fd = -1;
  if (ok && ::rename(temp.c_str(), file.c_str()) != 0) ok = false, error = errno;
  if (!ok) {
    ::unlink(temp.c_str());
    return fmt::format("cannot write `{}`: {}", file, SystemError(error ? error : EIO));
  }
  return "";
}

}  // namespace

std::string WriteFileWhole(const std::string& file, std::string_view bytes) {
  return WriteSections(file, bytes.size(), bytes, {});
}

std::string WriteTableCache(const std::string& file, const CacheEntry& entry, const Table& table) {
  const TableSchema& schema = table.schema();
  size_t n = table.column_count();
  std::vector<ColumnEntry> columns(n);
  std::vector<Section> sections;
  // Where each entry's offsets go, filled in once the sections are placed.
  std::vector<std::pair<uint64_t*, size_t>> places;
  auto add = [&](const void* data, uint64_t bytes, uint64_t* offset) {
    places.push_back({offset, sections.size()});
    sections.push_back(Section{data, bytes});
  };
  for (size_t c = 0; c < n; ++c) {
    const Column& column = table.column(c);
    ColumnEntry& e = columns[c];
    e.kind = static_cast<uint64_t>(schema.columns[c].kind);
    if (column.size() != table.row_count()) continue;  // not stored (csv_parallel.h)
    e.stored = 1;
    // A clean read's required columns are present in every row: their
    // presence is one shared array of ones when read back, not stored.
    e.all_present = column.size() && !std::memchr(column.present_data(), 0, column.size());
    add(column.present_data(), e.all_present ? 0 : column.size(), &e.present_offset);
    std::span<const std::byte> values = column.value_bytes();
    e.values_bytes = values.size();
    add(values.data(), values.size(), &e.values_offset);
    ColumnKind kind = schema.columns[c].kind;
    if (kind == ColumnKind::Text || kind == ColumnKind::Id) {
      const StringDictionary& d = column.strings();
      e.dict_count = d.size();
      e.bytes_count = d.bytes().size();
      e.slots_count = d.slots().size();
      add(d.bytes().data(), d.bytes().size(), &e.bytes_offset);
      add(d.ends().data(), d.ends().size_bytes(), &e.ends_offset);
      add(d.slots().data(), d.slots().size_bytes(), &e.slots_offset);
    }
  }
  FileHeader h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.format = kFormat;
  if (entry.identity.size() >= sizeof h.identity) return "the ocf identity is too long for a cache file";
  std::memcpy(h.identity, entry.identity.data(), entry.identity.size());
  h.size = entry.key.size, h.mtime_ns = entry.key.mtime_ns, h.inode = entry.key.inode;
  h.device = entry.key.device, h.head_hash = entry.key.head_hash, h.tail_hash = entry.key.tail_hash;
  h.declaration = entry.declaration;
  h.rows = table.row_count();
  h.report_rows = entry.report_rows;
  h.columns = n;
  h.path_bytes = entry.key.path.size();
  std::span<const Table::LineRun> runs = table.line_runs();
  std::span<const uint64_t> lines = table.row_lines();
  h.runs_count = runs.size();
  h.lines_count = lines.size();
  add(runs.data(), runs.size_bytes(), &h.runs_offset);
  add(lines.data(), lines.size_bytes(), &h.lines_offset);
  for (const Section& s : sections) h.pieces += PiecesOf(s.bytes);
  h.header_bytes =
      AlignUp(sizeof(FileHeader) + h.path_bytes + n * sizeof(ColumnEntry) + h.pieces * sizeof(uint64_t));
  uint64_t offset = h.header_bytes;
  for (Section& s : sections) {
    s.offset = offset;
    offset = AlignUp(offset + s.bytes);
  }
  for (auto [where, k] : places) *where = sections[k].offset;
  h.file_bytes = offset;
  // The header: checksums of the pieces, then its own with header_sum 0.
  std::vector<uint64_t> sums;
  for (const Section& s : sections)
    for (uint64_t p = 0; p < s.bytes; p += kPiece)
      sums.push_back(
          HashBytes(static_cast<const char*>(s.data) + p, std::min(kPiece, s.bytes - p), s.offset + p));
  std::string header(h.header_bytes, '\0');
  size_t at = sizeof h + h.path_bytes;
  std::memcpy(header.data() + sizeof h, entry.key.path.data(), h.path_bytes);
  // (memcpy may not be given a null pointer, even for no bytes: an empty
  // table has no checksums.)
  if (n) std::memcpy(header.data() + at, columns.data(), n * sizeof(ColumnEntry));
  if (!sums.empty())
    std::memcpy(header.data() + at + n * sizeof(ColumnEntry), sums.data(), sums.size() * sizeof(uint64_t));
  std::memcpy(header.data(), &h, sizeof h);
  h.header_sum = HashBytes(header.data(), header.size(), 0);
  std::memcpy(header.data(), &h, sizeof h);

  return WriteSections(file, h.file_bytes, header, sections);
}

CacheRead ReadTableCache(const std::string& file, const CacheEntry& entry, const TableSchema& schema,
                         const std::vector<bool>& needed, unsigned threads) {
  CacheRead out;
  Fd f;
  f.fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (f.fd < 0) {
    out.miss = errno == ENOENT ? "no entry" : "cannot open the cache file: " + SystemError(errno);
    return out;
  }
  struct stat st;
  if (::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    out.miss = "the cache file is not a regular file";
    return out;
  }
  uint64_t file_bytes = static_cast<uint64_t>(st.st_size);
  FileHeader h;
  if (file_bytes < sizeof h || ::pread(f.fd, &h, sizeof h, 0) != static_cast<ssize_t>(sizeof h)) {
    out.miss = "the cache file is truncated";
    return out;
  }
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0 || h.format != kFormat) {
    out.miss = "the cache file is not one this ocf writes";
    return out;
  }
  h.identity[sizeof h.identity - 1] = 0;
  if (entry.identity != h.identity) {
    out.miss = "the cache file was written by another ocf";
    return out;
  }
  if (h.file_bytes != file_bytes || h.header_bytes > file_bytes || h.header_bytes < sizeof h) {
    out.miss = "the cache file is truncated";
    return out;
  }
  auto mapping = std::make_shared<Mapping>();
  mapping->bytes = file_bytes;
  mapping->data = ::mmap(nullptr, file_bytes, PROT_READ, MAP_SHARED | MAP_POPULATE, f.fd, 0);
  if (mapping->data == MAP_FAILED) {
    out.miss = "cannot map the cache file: " + SystemError(errno);
    return out;
  }
  const char* base = static_cast<const char*>(mapping->data);
  {
    std::string header(base, h.header_bytes);
    FileHeader zero = h;
    std::memcpy(&zero, base, sizeof zero);
    uint64_t stored_sum = zero.header_sum;
    zero.header_sum = 0;
    std::memcpy(header.data(), &zero, sizeof zero);
    if (HashBytes(header.data(), header.size(), 0) != stored_sum) {
      out.miss = "the cache file is corrupt (its header's checksum)";
      return out;
    }
  }
  size_t n = schema.columns.size();
  if (h.columns != n ||
      sizeof h + h.path_bytes + n * sizeof(ColumnEntry) + h.pieces * sizeof(uint64_t) > h.header_bytes) {
    out.miss = "the cache file is corrupt (its header's sizes)";
    return out;
  }
  CacheKey key{std::string(base + sizeof h, h.path_bytes),
               h.size,
               h.mtime_ns,
               h.inode,
               h.device,
               h.head_hash,
               h.tail_hash};
  if (!(key == entry.key)) {
    out.miss = "the data file has changed";
    return out;
  }
  if (h.declaration != entry.declaration) {
    out.miss = "the data block's declaration has changed";
    return out;
  }
  std::vector<ColumnEntry> columns(n);
  if (n) std::memcpy(columns.data(), base + sizeof h + h.path_bytes, n * sizeof(ColumnEntry));
  // Copied out, as the columns are: they follow the path, so they need not
  // be 8-byte aligned in the file.
  std::vector<uint64_t> sums(h.pieces);
  if (h.pieces)
    std::memcpy(sums.data(), base + sizeof h + h.path_bytes + n * sizeof(ColumnEntry),
                h.pieces * sizeof(uint64_t));
  // Every section, as the writer listed them, checked to lie in the file.
  std::vector<Section> sections;
  bool sound = true;
  auto add = [&](uint64_t offset, uint64_t bytes) {
    if (offset % kAlign || offset < h.header_bytes || offset > file_bytes || bytes > file_bytes - offset)
      sound = false;
    sections.push_back(Section{nullptr, bytes, offset});
  };
  std::vector<bool> stored(n, false);
  bool lacking = false;
  for (size_t c = 0; c < n; ++c) {
    const ColumnEntry& e = columns[c];
    if (e.kind != static_cast<uint64_t>(schema.columns[c].kind)) sound = false;
    stored[c] = e.stored != 0;
    if (!e.stored) {
      if (needed.empty() || (c < needed.size() && needed[c])) lacking = true;
      continue;
    }
    ColumnKind kind = schema.columns[c].kind;
    if (e.values_bytes != h.rows * Column::ValueWidth(kind)) sound = false;
    add(e.present_offset, e.all_present ? 0 : h.rows);
    add(e.values_offset, e.values_bytes);
    if (kind == ColumnKind::Text || kind == ColumnKind::Id) {
      if (e.slots_count & (e.slots_count - 1) || (e.slots_count && e.slots_count < e.dict_count * 2) ||
          e.dict_count > UINT32_MAX)
        sound = false;
      add(e.bytes_offset, e.bytes_count);
      add(e.ends_offset, e.dict_count * 8);
      add(e.slots_offset, e.slots_count * 8);
    }
  }
  add(h.runs_offset, h.runs_count * sizeof(Table::LineRun));
  add(h.lines_offset, h.lines_count * 8);
  if (h.runs_count > h.rows || (h.lines_count && h.lines_count != h.rows) ||
      (h.rows && !h.runs_count && !h.lines_count))
    sound = false;
  uint64_t pieces = 0;
  for (const Section& s : sections) pieces += PiecesOf(s.bytes);
  if (!sound || pieces != h.pieces) {
    out.miss = "the cache file is corrupt (its sizes)";
    return out;
  }
  if (lacking) {
    out.miss = "the cache entry lacks columns this run reads";
    out.stored = std::move(stored);
    return out;
  }
  // The checksums, piece by piece on every thread.
  std::vector<std::pair<uint64_t, uint64_t>> ranges;  // offset, bytes
  for (const Section& s : sections)
    for (uint64_t p = 0; p < s.bytes; p += kPiece)
      ranges.push_back({s.offset + p, std::min(kPiece, s.bytes - p)});
  std::atomic<size_t> next{0};
  std::atomic<bool> bad{false};
  auto verify = [&] {
    for (size_t i; !bad && (i = next++) < ranges.size();)
      if (HashBytes(base + ranges[i].first, ranges[i].second, ranges[i].first) != sums[i]) bad = true;
  };
  unsigned workers = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
  workers = static_cast<unsigned>(std::min<size_t>(workers, ranges.size()));
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < workers; ++w) pool.emplace_back(verify);
  verify();
  for (std::thread& t : pool) t.join();
  if (bad) {
    out.miss = "the cache file is corrupt (a checksum)";
    return out;
  }

  auto table = std::make_unique<Table>(schema);
  size_t k = 0;  // the sections, in the order listed
  auto at = [&](size_t i) { return base + sections[i].offset; };
  for (size_t c = 0; c < n; ++c) {
    const ColumnEntry& e = columns[c];
    if (!e.stored) continue;
    Column& column = table->column(c);
    ColumnKind kind = schema.columns[c].kind;
    if (kind == ColumnKind::Text || kind == ColumnKind::Id)
      column.mutable_strings().View({at(k + 2), e.bytes_count},
                                    {reinterpret_cast<const uint64_t*>(at(k + 3)), e.dict_count},
                                    {reinterpret_cast<const uint64_t*>(at(k + 4)), e.slots_count});
    column.View(h.rows, e.all_present ? Column::AllPresent(h.rows) : reinterpret_cast<const uint8_t*>(at(k)),
                at(k + 1));
    k += kind == ColumnKind::Text || kind == ColumnKind::Id ? 5 : 2;
  }
  table->ViewLines(h.rows, {reinterpret_cast<const Table::LineRun*>(at(k)), h.runs_count},
                   {reinterpret_cast<const uint64_t*>(at(k + 1)), h.lines_count}, mapping);
  out.table = std::move(table);
  out.report_rows = h.report_rows;
  return out;
}

}  // namespace ocf
