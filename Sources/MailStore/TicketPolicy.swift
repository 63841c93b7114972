import Foundation
import Threading

/// What the store needs to know about a channel to keep its tickets: whether it opens tickets at all, the
/// statuses of its pipeline, where new tickets go and how long a closed ticket may still be reopened.
/// Built by maild's wiring from the configuration; the store never reads the config itself.
public struct TicketPolicy: Sendable, Equatable {
    /// One status of a pipeline, in the pipeline's order.
    public struct Status: Sendable, Equatable {
        public var name: String
        /// Closed statuses end the work on a ticket; a customer reply reopens it (within the window).
        public var isOpen: Bool

        public init(name: String, isOpen: Bool) {
            self.name = name
            self.isOpen = isOpen
        }
    }

    /// The default status a customer reply moves a ticket to, when the pipeline has it.
    public static let waitingOnUs = "Waiting on us"
    /// The default status an agent's sent reply moves an open ticket to, when the pipeline has it.
    public static let waitingOnContact = "Waiting on contact"

    /// False: the channel is a shared inbox, its conversations are stored without tickets.
    public var createTickets: Bool
    public var pipeline: String
    /// In order; at least one open and one closed status (the config reader checks it).
    public var statuses: [Status]
    public var defaultQueue: String
    /// A customer reply to a ticket closed longer ago than this opens a new ticket linked to the old one.
    public var reopenWindow: TimeInterval
    /// The helpdesk's own addresses, lowercased: mail from them is never a customer reply.
    public var ownAddresses: Set<String>
    /// Automatic answers on new and closed tickets; nil: none (the default).
    public var acknowledgements: AcknowledgementPolicy?
    /// The channel's subject fallback (`subject_fallback`), nil when off: it decides which conversation a
    /// message joins, and so which ticket a reply moves.
    public var subjectFallback: SubjectFallback?
    /// Status automation (the pipeline's `on_customer_reply` / `on_agent_reply`): where a customer reply
    /// and an agent's sent reply move the ticket; nil leaves the status as it is.
    public var customerReplyStatus: String?
    public var agentReplyStatus: String?

    public init(createTickets: Bool = true, pipeline: String, statuses: [Status], defaultQueue: String,
                reopenWindowDays: Int, ownAddresses: [String] = [], subjectFallback: SubjectFallback? = nil) {
        self.createTickets = createTickets
        self.pipeline = pipeline
        self.statuses = statuses
        self.defaultQueue = defaultQueue
        self.reopenWindow = TimeInterval(reopenWindowDays) * 86_400
        self.ownAddresses = Set(ownAddresses.map { $0.lowercased() })
        self.subjectFallback = subjectFallback
        let names = Set(statuses.filter(\.isOpen).map(\.name))
        customerReplyStatus = names.contains(Self.waitingOnUs) ? Self.waitingOnUs : nil
        agentReplyStatus = names.contains(Self.waitingOnContact) ? Self.waitingOnContact : nil
    }

    /// No tickets: what a channel without a policy gets, so storing mail never depends on the wiring.
    public static let noTickets = TicketPolicy(createTickets: false, pipeline: "", statuses: [], defaultQueue: "",
                                               reopenWindowDays: 0)

    /// The status a new ticket starts in.
    var firstOpenStatus: String? { statuses.first(where: \.isOpen)?.name }

    func isOpen(_ status: String) -> Bool? { statuses.first { $0.name == status }?.isOpen }

    /// Each pipeline's first closed status, what a ticket merged away is closed with.
    static func closedStatuses(_ policies: some Sequence<TicketPolicy>) -> [String: String] {
        var closed = [String: String]()
        for policy in policies {
            if let status = policy.statuses.first(where: { !$0.isOpen })?.name { closed[policy.pipeline] = status }
        }
        return closed
    }
}
