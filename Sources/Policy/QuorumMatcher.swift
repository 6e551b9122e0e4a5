/// Assigns approvers to stage slots so that one person fills at most one slot across all
/// stages, and every slot's person is a member of the slot's role: a maximum bipartite
/// matching (Kuhn's augmenting paths), which a greedy pass would miss when people hold several
/// roles. Slots are filled stage by stage and people are tried in sorted order, so the result
/// depends only on the set of approvers, never on their order.
enum QuorumMatcher {
    struct Assignment: Hashable, Sendable {
        /// For each stage, the approvers counted for it, sorted.
        var counted: [[String]]
        /// For each stage, how many approvals it still needs.
        var missing: [Int]

        var isComplete: Bool { missing.allSatisfy { $0 == 0 } }
    }

    static func assign(stages: [Stage], approvers: [String], rolesOf: (String) -> Set<String>) -> Assignment {
        let people = Array(Set(approvers)).sorted()
        let roles = people.map(rolesOf)
        var slotStage: [Int] = []
        for (position, stage) in stages.enumerated() {
            slotStage += Array(repeating: position, count: stage.min)
        }
        var personOfSlot = [Int?](repeating: nil, count: slotStage.count)
        var slotOfPerson = [Int?](repeating: nil, count: people.count)

        func augment(_ slot: Int, _ visited: inout [Bool]) -> Bool {
            let role = stages[slotStage[slot]].role
            for person in people.indices where !visited[person] && roles[person].contains(role) {
                visited[person] = true
                if let other = slotOfPerson[person] {
                    if augment(other, &visited) {
                        personOfSlot[slot] = person
                        slotOfPerson[person] = slot
                        return true
                    }
                } else {
                    personOfSlot[slot] = person
                    slotOfPerson[person] = slot
                    return true
                }
            }
            return false
        }

        for slot in slotStage.indices {
            var visited = [Bool](repeating: false, count: people.count)
            _ = augment(slot, &visited)
        }
        var counted = [[String]](repeating: [], count: stages.count)
        var missing = stages.map(\.min)
        for (slot, person) in personOfSlot.enumerated() {
            guard let person else { continue }
            counted[slotStage[slot]].append(people[person])
            missing[slotStage[slot]] -= 1
        }
        return Assignment(counted: counted.map { $0.sorted() }, missing: missing)
    }
}
