using System.Xml;

namespace LabelBot.Labels.Spl;

/// <summary>
/// Passes an <see cref="XmlReader"/> through and stops at the first element nested deeper than a limit. The check has
/// to happen while reading: building an <c>XElement</c> tree costs time proportional to depth for every node added
/// (17,000 levels took minutes), and the section readers recurse once per level.
/// </summary>
internal sealed class DepthLimitedXmlReader(XmlReader inner, int maxDepth) : XmlReader
{
    public override int AttributeCount => inner.AttributeCount;
    public override string BaseURI => inner.BaseURI;
    public override int Depth => inner.Depth;
    public override bool EOF => inner.EOF;
    public override bool IsEmptyElement => inner.IsEmptyElement;
    public override string LocalName => inner.LocalName;
    public override string NamespaceURI => inner.NamespaceURI;
    public override XmlNameTable NameTable => inner.NameTable;
    public override XmlNodeType NodeType => inner.NodeType;
    public override string Prefix => inner.Prefix;
    public override ReadState ReadState => inner.ReadState;
    public override string Value => inner.Value;
    public override bool HasValue => inner.HasValue;
    public override XmlReaderSettings? Settings => inner.Settings;

    public override bool Read()
    {
        var more = inner.Read();
        // Depth counts from 0 at the root element, so an element at depth maxDepth is level maxDepth + 1.
        if (more && inner.NodeType == XmlNodeType.Element && inner.Depth >= maxDepth)
        {
            throw new NestingTooDeepException(maxDepth);
        }
        return more;
    }

    public override string GetAttribute(int i) => inner.GetAttribute(i);
    public override string? GetAttribute(string name) => inner.GetAttribute(name);
    public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);
    public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);
    public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);
    public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);
    public override void MoveToAttribute(int i) => inner.MoveToAttribute(i);
    public override bool MoveToElement() => inner.MoveToElement();
    public override bool MoveToFirstAttribute() => inner.MoveToFirstAttribute();
    public override bool MoveToNextAttribute() => inner.MoveToNextAttribute();
    public override bool ReadAttributeValue() => inner.ReadAttributeValue();
    public override void ResolveEntity() => inner.ResolveEntity();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}

/// <summary>Raised by <see cref="DepthLimitedXmlReader"/>; the parser turns it into a rejection of the file.</summary>
internal sealed class NestingTooDeepException(int maxDepth) : Exception($"elements nested deeper than {maxDepth} levels");
