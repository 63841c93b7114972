import Yams

/// `pipelines:` and the channel keys that refer to one.
extension ConfigReader {
    static let pipelineKeys = ["name", "statuses", "on_customer_reply", "on_agent_reply"]
    static let statusKeys = ["name", "state"]

    /// The list of pipelines. A pipeline with a problem in its statuses is still returned by name, so a
    /// channel naming it is not reported a second time (a file with problems is never used anyway).
    func pipelines(_ entry: Section.Entry) -> [PipelineConfiguration] {
        guard case .sequence(let sequence) = entry.value, !sequence.isEmpty else {
            report(line: valueLine(entry), key: entry.path,
                   "expected a list of pipelines, each starting with \"- name:\", got \(describe(entry.value)); "
                   + "leave pipelines out for the default pipeline support")
            return [.support]
        }
        var pipelines: [PipelineConfiguration] = []
        var firstUse: [String: (path: String, line: Int)] = [:]
        for (index, item) in sequence.enumerated() {
            let path = "\(entry.path)[\(index)]"
            guard let section = section(item, path: path, line: item.mark?.line ?? entry.line,
                                        expected: "a pipeline (a mapping with name and statuses)") else { continue }
            rejectUnknownKeys(in: section, known: Self.pipelineKeys)
            let statuses = required("statuses", in: section).map { self.statuses($0) } ?? []
            guard let nameEntry = required("name", in: section), let name = string(nameEntry, expected: "a pipeline name") else { continue }
            if let first = firstUse[name] {
                report(line: valueLine(nameEntry), key: nameEntry.path,
                       "duplicate pipeline name \(quoted(name)); \(first.path) at line \(first.line) already uses it")
                continue
            }
            firstUse[name] = (path, valueLine(nameEntry))
            let onCustomerReply = section["on_customer_reply"].flatMap { automationStatus($0, among: statuses) }
            let onAgentReply = section["on_agent_reply"].flatMap { automationStatus($0, among: statuses) }
            pipelines.append(PipelineConfiguration(name: name, statuses: statuses, onCustomerReply: onCustomerReply,
                                                   onAgentReply: onAgentReply))
        }
        return pipelines
    }

    /// The statuses of one pipeline: unique names, each open or closed, at least one of each.
    private func statuses(_ entry: Section.Entry) -> [PipelineConfiguration.Status] {
        guard case .sequence(let sequence) = entry.value else {
            report(line: valueLine(entry), key: entry.path,
                   "expected a list of statuses, each starting with \"- name:\", got \(describe(entry.value))")
            return []
        }
        let before = problems.count
        var statuses: [PipelineConfiguration.Status] = []
        var firstUse: [String: (path: String, line: Int)] = [:]
        for (index, item) in sequence.enumerated() {
            let path = "\(entry.path)[\(index)]"
            guard let section = section(item, path: path, line: item.mark?.line ?? entry.line,
                                        expected: "a status (a mapping with name and state)") else { continue }
            rejectUnknownKeys(in: section, known: Self.statusKeys)
            let name = required("name", in: section).flatMap { string($0, expected: "a status name") }
            let state = required("state", in: section).flatMap(state)
            guard let name, let state else { continue }
            if let first = firstUse[name], let nameEntry = section["name"] {
                report(line: valueLine(nameEntry), key: nameEntry.path,
                       "duplicate status name \(quoted(name)); \(first.path) at line \(first.line) already uses it")
                continue
            }
            firstUse[name] = (path, section.line)
            statuses.append(.init(name: name, state: state))
        }
        // Only when every status was read: a misspelt state would otherwise also report a missing kind.
        if problems.count == before,
           !(statuses.contains { $0.state == .open } && statuses.contains { $0.state == .closed }) {
            report(line: valueLine(entry), key: entry.path, "needs at least one open and one closed status")
        }
        return statuses
    }

    /// `on_customer_reply` / `on_agent_reply`: one of the pipeline's open statuses (a reply is work to do
    /// or to wait for, never the end of it).
    private func automationStatus(_ entry: Section.Entry, among statuses: [PipelineConfiguration.Status]) -> String? {
        guard let name = string(entry, expected: "an open status of this pipeline") else { return nil }
        guard statuses.contains(where: { $0.name == name && $0.state == .open }) else {
            let open = statuses.filter { $0.state == .open }.map { quoted($0.name) }.joined(separator: ", ")
            report(line: valueLine(entry), key: entry.path, "expected an open status of this pipeline (\(open)), got \(quoted(name))")
            return nil
        }
        return name
    }

    private func state(_ entry: Section.Entry) -> PipelineConfiguration.State? {
        let names = PipelineConfiguration.State.allCases.map(\.rawValue).joined(separator: " or ")
        guard let text = string(entry, expected: names) else { return nil }
        guard let state = PipelineConfiguration.State(rawValue: text.lowercased()) else {
            report(line: valueLine(entry), key: entry.path, "expected \(names), got \(quoted(text))")
            return nil
        }
        return state
    }

    /// A channel's `pipeline:`: the name of a pipeline of the file (or the default `support`).
    func pipelineName(_ entry: Section.Entry, among pipelines: [PipelineConfiguration]) -> String? {
        guard let name = string(entry, expected: "a pipeline name") else { return nil }
        guard pipelines.contains(where: { $0.name == name }) else {
            let known = pipelines.map { quoted($0.name) }.joined(separator: ", ")
            report(line: valueLine(entry), key: entry.path, "no pipeline named \(quoted(name)); pipelines are \(known)")
            return nil
        }
        return name
    }

    /// A channel without `pipeline:` follows `support`, which must then exist.
    func defaultPipelineName(_ section: Section, among pipelines: [PipelineConfiguration]) -> String? {
        let name = ChannelConfiguration.defaultPipeline
        guard pipelines.contains(where: { $0.name == name }) else {
            report(line: section.line, key: section.path(of: "pipeline"),
                   "required key is missing: there is no pipeline named \(quoted(name)) to default to")
            return nil
        }
        return name
    }

    /// A whole number of days, 0 or more: `30`.
    func dayCount(_ entry: Section.Entry) -> Int? {
        guard case .scalar(let scalar) = entry.value, !entry.value.isNull,
              let days = Int(scalar.string), days >= 0 else {
            report(line: valueLine(entry), key: entry.path, "expected a number of days (0 or more), got \(describe(entry.value))")
            return nil
        }
        return days
    }
}
