/// The ordered statuses a ticket moves through. Each channel names one pipeline.
public struct PipelineConfiguration: Sendable, Equatable {
    public enum State: String, Sendable, Equatable, CaseIterable {
        /// Work remains: the ticket is in someone's list.
        case open
        /// Work is done; a customer reply reopens the ticket (within the channel's `reopen_window_days`).
        case closed
    }

    public struct Status: Sendable, Equatable {
        public var name: String
        public var state: State

        public init(name: String, state: State) {
            self.name = name
            self.state = state
        }
    }

    /// Unique among pipelines; stored on every ticket.
    public var name: String
    /// In order; at least one open and one closed status. New tickets start in the first open one.
    public var statuses: [Status]
    /// Status automation: the open status a customer reply moves a ticket to (`on_customer_reply`), and
    /// the one an agent's sent reply moves it to (`on_agent_reply`); nil leaves the status as it is.
    public var onCustomerReply: String?
    public var onAgentReply: String?

    public init(name: String, statuses: [Status], onCustomerReply: String? = nil, onAgentReply: String? = nil) {
        self.name = name
        self.statuses = statuses
        let open = Set(statuses.filter { $0.state == .open }.map(\.name))
        self.onCustomerReply = onCustomerReply ?? (open.contains("Waiting on us") ? "Waiting on us" : nil)
        self.onAgentReply = onAgentReply ?? (open.contains("Waiting on contact") ? "Waiting on contact" : nil)
    }

    /// What a configuration without `pipelines:` gets.
    public static let support = PipelineConfiguration(name: "support", statuses: [
        Status(name: "New", state: .open),
        Status(name: "Waiting on contact", state: .open),
        Status(name: "Waiting on us", state: .open),
        Status(name: "Closed", state: .closed),
    ])
}
