/**
 * Where documents and subdefinitions are kept: {@link org.athanor.storage.DocumentStorage}, with the local folder
 * implementation {@link org.athanor.storage.LocalDocumentStorage} in Phraseanet's layout.
 */
package org.athanor.storage;
