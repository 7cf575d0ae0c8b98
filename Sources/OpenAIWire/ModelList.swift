/// One entry of `/v1/models`.
public struct ModelCard: Codable, Sendable, Equatable {
    public var id: String
    public var object: String
    public var created: Int
    public var ownedBy: String
    /// The longest sequence the model accepts (vLLM's `max_model_len`).
    public var maxModelLength: Int?

    public init(id: String, created: Int, ownedBy: String = "emerge", maxModelLength: Int? = nil) {
        self.id = id; object = "model"; self.created = created; self.ownedBy = ownedBy; self.maxModelLength = maxModelLength
    }
    enum CodingKeys: String, CodingKey { case id, object, created, ownedBy = "owned_by", maxModelLength = "max_model_len" }
}

/// The `/v1/models` response (`object: "list"`).
public struct ModelList: Codable, Sendable, Equatable {
    public var object: String
    public var data: [ModelCard]
    public init(data: [ModelCard]) { object = "list"; self.data = data }
}
