/// notmuch's generated threading test needs every tree shape and every delivery order; shared by the pure
/// threading tests and the store's, which run the same shapes through SQLite and tickets.
public enum TreeShapes {
    /// Every tree on `size` messages as a parent array: message 0 is the root, message i > 0 has a parent
    /// below i. Every unlabelled rooted shape appears among these ((size-1)! of them).
    public static func trees(size: Int) -> [[Int]] {
        var trees: [[Int]] = [[-1]]
        for child in stride(from: 1, to: size, by: 1) {
            trees = trees.flatMap { tree in (0..<child).map { tree + [$0] } }
        }
        return trees
    }

    /// The ancestors of `message` in `tree`, the root first: a full References chain.
    public static func ancestors(of message: Int, in tree: [Int]) -> [Int] {
        var chain: [Int] = []
        var ancestor = tree[message]
        while ancestor >= 0 {
            chain.insert(ancestor, at: 0)
            ancestor = tree[ancestor]
        }
        return chain
    }

    /// Every order of `items` (Heap's algorithm).
    public static func permutations<T>(_ items: [T]) -> [[T]] {
        var result: [[T]] = []
        var items = items
        func generate(_ count: Int) {
            guard count > 1 else {
                result.append(items)
                return
            }
            for index in 0..<count {
                generate(count - 1)
                items.swapAt(count % 2 == 0 ? index : 0, count - 1)
            }
        }
        generate(items.count)
        return result
    }
}
