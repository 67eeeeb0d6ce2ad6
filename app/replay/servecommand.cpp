#include "servecommand.h"

#include "replaylogging.h"
#include "replayrecording.h"
#include "replayserver.h"
#include "serveoptions.h"

#include <QCoreApplication>
#include <QTextStream>

namespace md {

namespace {

void logLoaded(const ReplayRecording &recording)
{
    qCInfo(lcReplay,
           "loaded %s: %zu messages to play, %llu not (before every book is synced, "
           "or of no use), %llu unreadable",
           qPrintable(recording.fileNames().join(QLatin1String(", "))), recording.messages().size(),
           static_cast<unsigned long long>(recording.messagesNotPlayed()),
           static_cast<unsigned long long>(recording.rejectedMessages()));
    for (const ReplayRecording::Symbol &symbol : recording.symbols()) {
        if (!symbol.hasDepth)
            continue;
        qCInfo(lcReplay, "%s %s: reference book %s at update id %lld, %llu depth events to play",
               qPrintable(marketName(symbol.market)), symbol.name.c_str(),
               symbol.reference->isSynced() ? "synced" : "NOT synced",
               static_cast<long long>(symbol.reference->lastUpdateId()),
               static_cast<unsigned long long>(symbol.depthEventsInPlayback));
    }
}

} // namespace

int runServe(const ServeOptions &options, QTextStream &err)
{
    ReplayRecording recording;
    if (!recording.load(options.files)) {
        err << "error: " << recording.errorString() << '\n';
        return ServeUnreadableInput;
    }
    logLoaded(recording);
    for (const QString &warning : recording.skipDepthEvents(options.skipDepth))
        qCWarning(lcReplay, "%s", qPrintable(warning));

    ReplayServer server(recording, options);
    if (!server.listen()) {
        err << "error: " << server.errorString() << '\n';
        return ServeCannotListen;
    }
    return QCoreApplication::exec();
}

} // namespace md
