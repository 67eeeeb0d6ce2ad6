#include "market.h"

namespace md {

QString marketName(Market market)
{
    switch (market) {
    case Market::Spot:
        return QStringLiteral("spot");
    case Market::UsdM:
        return QStringLiteral("usdm");
    }
    return QString();
}

std::optional<Market> marketFromName(std::string_view name)
{
    if (name == "spot")
        return Market::Spot;
    if (name == "usdm")
        return Market::UsdM;
    return std::nullopt;
}

} // namespace md
