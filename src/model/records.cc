#include "model/records.h"

#include <iterator>

namespace kb::model {

namespace {
template <class T>
void move_append(std::vector<T>& to, std::vector<T>& from) {
  if (to.capacity() == 0) {  // nothing reserved: take the storage as it is
    to = std::move(from);
    return;
  }
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
  std::vector<T>().swap(from);  // release the moved-from storage now, not at the end
}
}  // namespace

void RecordSet::append(RecordSet&& other) {
  move_append(manifests, other.manifests);
  move_append(genes, other.genes);
  move_append(variants, other.variants);
  move_append(drugs, other.drugs);
  move_append(phenotypes, other.phenotypes);
  move_append(evidence, other.evidence);
}

std::string_view status_name(Status s) {
  switch (s) {
    case Status::kDraft: return "draft";
    case Status::kSubmitted: return "submitted";
    case Status::kAccepted: return "accepted";
    case Status::kRejected: return "rejected";
    case Status::kRetracted: return "retracted";
  }
  return "draft";
}

std::string_view direction_name(Direction d) {
  switch (d) {
    case Direction::kIncreased: return "increased";
    case Direction::kDecreased: return "decreased";
    case Direction::kNoAssociation: return "no-association";
    case Direction::kAssociated: return "associated";
  }
  return "no-association";
}

std::string_view system_name(AlleleSystem s) {
  switch (s) {
    case AlleleSystem::kLocus: return "locus";
    case AlleleSystem::kStar: return "star";
    case AlleleSystem::kHla: return "hla";
    case AlleleSystem::kNamed: return "named";
  }
  return "locus";
}

std::optional<AlleleSystem> parse_system(std::string_view s) {
  for (auto x : {AlleleSystem::kLocus, AlleleSystem::kStar, AlleleSystem::kHla, AlleleSystem::kNamed})
    if (system_name(x) == s) return x;
  return std::nullopt;
}

std::optional<Status> parse_status(std::string_view s) {
  for (auto st : {Status::kDraft, Status::kSubmitted, Status::kAccepted, Status::kRejected,
                  Status::kRetracted})
    if (status_name(st) == s) return st;
  return std::nullopt;
}

std::optional<Direction> parse_direction(std::string_view s) {
  for (auto d : {Direction::kIncreased, Direction::kDecreased, Direction::kNoAssociation,
                 Direction::kAssociated})
    if (direction_name(d) == s) return d;
  return std::nullopt;
}

}  // namespace kb::model
