-- Databox schema 4: the vocabulary a description field's values are controlled by. (Phraseanet: metadatas_structure
-- VocabularyControlType, e.g. 'User', and RestrictToVocabularyControl; kept by the Phraseanet 3.8.8 import.)
--   vocabulary            the controlling vocabulary's type; NULL for a free field
--   vocabulary_restricted TRUE when only the vocabulary's values may be entered
ALTER TABLE structure_fields ADD COLUMN vocabulary VARCHAR(32);
ALTER TABLE structure_fields ADD COLUMN vocabulary_restricted BOOLEAN NOT NULL DEFAULT FALSE;
