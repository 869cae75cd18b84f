from apps.search.models.document import DocumentType, SearchDocument
from apps.search.models.synonym import Synonym
from apps.search.models.vocabulary import SearchTerm

__all__ = ["DocumentType", "SearchDocument", "SearchTerm", "Synonym"]
