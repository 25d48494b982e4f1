use crate::{Date, DocId, OriginId, StoryId};

/// A group of documents that are copies of one piece of writing (a wire story and its reprints).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The origin's id, derived from its founding document.
    pub id: OriginId,
    /// Members, founding document first, the rest sorted.
    pub docs: Vec<DocId>,
}

/// One real-world event: the articles that report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    /// The story's id, derived from the document that opened it.
    pub id: StoryId,
    /// Members in the order they joined (publication order).
    pub docs: Vec<DocId>,
    /// Earliest known publication date of a member.
    pub first_date: Option<Date>,
    /// Latest known publication date of a member.
    pub last_date: Option<Date>,
    /// Ids of stories that were merged into this one (sorted); they resolve to this story.
    pub absorbed: Vec<StoryId>,
    /// The stories most similar to this one that grouping kept apart (most similar first): the
    /// same topic, or a development of one event that the grouping told apart.
    pub related: Vec<StoryId>,
}
