/** Reading XML from outside (structure XML, task settings, caption files) with one hardened parser: {@link org.athanor.xml.SafeXml}. */
package org.athanor.xml;
